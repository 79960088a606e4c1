package com.acme.analytics.deps;

/**
 * In the same by-value package as the shipped classes, but referenced by none of them:
 * must not travel.
 */
public final class UnrelatedHelperNeverReferenced {

	public static final String MARK = "UNRELATED-MARKER";

	private UnrelatedHelperNeverReferenced() {
	}

	public static int help(int x) {
		return x + 1;
	}

}
