package com.acme.analytics.registry.sibling;

/** A helper in a sibling package of {@code sub}. */
public final class SiblingHelper {

	private SiblingHelper() {
	}

	public static String name() {
		return "sibling";
	}

}
