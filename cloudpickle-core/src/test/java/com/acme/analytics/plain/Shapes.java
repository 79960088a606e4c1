package com.acme.analytics.plain;

import java.util.function.Function;

/** An interface whose static and default methods create lambdas. */
public interface Shapes {

	int offset();

	static Function<Integer, Integer> square() {
		return (x) -> x * x;
	}

	default Function<Integer, Integer> plusOffset() {
		return (x) -> x + offset();
	}

	static Shapes withOffset(int offset) {
		return new Offset(offset);
	}

	/** A plain implementation of the interface. */
	record Offset(int offset) implements Shapes {
	}

}
