package com.example.benchmarks.byvalue;

import java.io.Serializable;
import java.util.function.Function;

/**
 * Capturing class of the by-value lambda workload: the same lambda as
 * {@link io.cloudpickle.benchmarks.lambdas.ByReferenceLambdas#adder}, but this package is
 * registered by value with a dedicated pickler, so the payload carries this class's
 * bytecode.
 */
public final class ByValueLambdas {

	/** The package the by-value pickler registers. */
	public static final String PACKAGE = "com.example.benchmarks.byvalue";

	private ByValueLambdas() {
	}

	/** {@code x -> x + k}, serializable, capturing {@code k}. */
	public static Function<Integer, Integer> adder(int k) {
		return (Function<Integer, Integer> & Serializable) x -> x + k;
	}

}
