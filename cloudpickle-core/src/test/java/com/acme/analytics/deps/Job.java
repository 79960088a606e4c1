package com.acme.analytics.deps;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A lambda referencing a static final constant; nothing else of the package is used.
 */
public final class Job {

	static final int K = 7;

	private Job() {
	}

	public static Callable<Integer> task() {
		return (Callable<Integer> & Serializable) () -> K * 6;
	}

}
