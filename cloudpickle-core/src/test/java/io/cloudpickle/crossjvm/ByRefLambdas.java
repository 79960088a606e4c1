package io.cloudpickle.crossjvm;

import java.io.Serializable;
import java.util.function.Function;

/**
 * Lambdas whose capturing class is NOT by value (io.cloudpickle.crossjvm is never
 * registered): they travel by reference, so only a receiver that has this class can
 * rebuild them (the test JVM itself, not a harness child).
 */
final class ByRefLambdas {

	private ByRefLambdas() {
	}

	static Function<String, Integer> lengthPlus(int k) {
		return (Function<String, Integer> & Serializable) s -> s.length() + k;
	}

	static Function<String, Integer> lengthRef() {
		return (Function<String, Integer> & Serializable) String::length;
	}

}
