package com.acme.analytics.plain;

import java.util.function.Function;

/** Lambdas and a method reference that capture {@code this}. */
public final class Scaler {

	private final int factor;

	public Scaler(int factor) {
		this.factor = factor;
	}

	public Function<Integer, Integer> scale() {
		return (x) -> x * this.factor;
	}

	public Function<Integer, Integer> scaleByMethodReference() {
		return this::apply;
	}

	int apply(int x) {
		return x * this.factor + 1;
	}

}
