package io.cloudpickle.benchmarks.lambdas;

import java.io.Serializable;
import java.util.function.Function;

/**
 * Capturing class of the by-reference lambda workload. This package is never registered
 * by value, so cloudpickle ships the lambda as a reference to this class (like JDK
 * serialization, Kryo and Fory do).
 */
public final class ByReferenceLambdas {

	private ByReferenceLambdas() {
	}

	/**
	 * {@code x -> x + k}, serializable, capturing {@code k}: the example of the
	 * cloudpickle-core issue.
	 */
	public static Function<Integer, Integer> adder(int k) {
		return (Function<Integer, Integer> & Serializable) x -> x + k;
	}

	/**
	 * The same lambda, plain (not Serializable): pickled through its hidden class's
	 * constant pool, or through the agent's rewrite.
	 */
	public static Function<Integer, Integer> plainAdder(int k) {
		return (x) -> x + k;
	}

}
