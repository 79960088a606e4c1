package com.acme.analytics.kinds;

/**
 * Static state computed in {@code <clinit>}: it must be computed on the receiver, not
 * copied from the sender.
 */
public final class EnvConfig {

	public static final String FOO = System.getProperty("cloudpickle.acme.foo", "unset");

	public static final long PID;

	static final StringBuilder LOG = new StringBuilder();

	static {
		PID = ProcessHandle.current().pid();
		LOG.append("clinit;");
	}

	private EnvConfig() {
	}

}
