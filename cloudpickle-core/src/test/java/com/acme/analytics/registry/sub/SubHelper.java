package com.acme.analytics.registry.sub;

/** A helper in the sub-package. */
public final class SubHelper {

	private SubHelper() {
	}

	public static String name() {
		return "sub";
	}

}
