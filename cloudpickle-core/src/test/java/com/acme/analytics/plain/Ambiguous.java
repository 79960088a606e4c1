package com.acme.analytics.plain;

import java.util.function.Function;

/**
 * Two call sites that make lambdas with the same implementation, interface and captures,
 * differing only in their generic instantiation: nothing in a lambda of either tells
 * which site made it.
 */
public final class Ambiguous {

	private Ambiguous() {
	}

	public static Function<String, Object> lengthAsObject() {
		return String::length;
	}

	public static Function<String, Integer> lengthAsInteger() {
		return String::length;
	}

}
