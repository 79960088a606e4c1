package com.acme.analytics.kinds;

/** An interface with default and static methods. */
public interface Greeter {

	String name();

	default String greet() {
		return prefix() + ", " + name() + "!";
	}

	static String prefix() {
		return "Hello";
	}

}
