package com.acme.attach;

import java.util.function.Function;

/** Loaded before the agent is attached: its lambdas stay plain. */
public final class EarlyJobs {

	private EarlyJobs() {
	}

	public static Function<Integer, Integer> times(int k) {
		return (x) -> x * k;
	}

}
