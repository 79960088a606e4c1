package com.acme.analytics.deps;

import java.io.Serializable;
import java.util.concurrent.Callable;

/** F5 calls itself and f4; f4 uses an instance of a by-value class. */
public final class Graph {

	private Graph() {
	}

	public static final class Foo {

		final int weight;

		public Foo(int weight) {
			this.weight = weight;
		}

	}

	static int f4(Foo foo, int n) {
		return foo.weight * n;
	}

	static int f5(Foo foo, int n) {
		return (n == 0) ? 0 : f4(foo, n) + f5(foo, n - 1);
	}

	public static Callable<Integer> task(Foo foo) {
		return (Callable<Integer> & Serializable) () -> f5(foo, 4);
	}

	public static Callable<Integer> task(Foo first, Foo second) {
		return (Callable<Integer> & Serializable) () -> f5(first, 4) + f5(second, 1);
	}

}
