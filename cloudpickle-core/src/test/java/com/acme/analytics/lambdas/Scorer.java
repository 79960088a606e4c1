package com.acme.analytics.lambdas;

import java.io.Serializable;
import java.util.function.Function;

/**
 * Instance-capturing lambdas: {@code x -> x + base} captures {@code this};
 * {@code this::score} is a bound ref.
 */
public final class Scorer {

	private final int base;

	public Scorer(int base) {
		this.base = base;
	}

	public Function<Integer, Integer> plusBase() {
		return (Function<Integer, Integer> & Serializable) x -> x + this.base;
	}

	public Function<Integer, Integer> scoreRef() {
		return (Function<Integer, Integer> & Serializable) this::score;
	}

	int score(Integer x) {
		return x * 100 + this.base;
	}

}
