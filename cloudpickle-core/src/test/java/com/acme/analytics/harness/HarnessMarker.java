package com.acme.analytics.harness;

/**
 * Fixture that exists only on the test classpath: the child JVM of the harness must not
 * see it.
 */
public final class HarnessMarker {

	public static final String NAME = "com.acme.analytics.harness.HarnessMarker";

	private HarnessMarker() {
	}

}
