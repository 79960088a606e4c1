package com.acme.analytics.deps;

/**
 * Static state read only from inside nested lambda bodies and an anonymous class in a
 * lambda.
 */
public final class Settings {

	static int base = Integer.getInteger("cloudpickle.acme.base", 100);

	static String name = "settings";

	private Settings() {
	}

}
