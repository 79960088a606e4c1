package com.example.compute.api;

import java.util.Map;

/**
 * Exchange rates, a service bean that every application of the cluster sample defines for
 * itself. A closure that captures it travels with a reference to the bean, not with the
 * bean: each member uses its own.
 */
public class FxRates {

	private final String source;

	private final Map<String, Double> perEuro;

	public FxRates(String source, Map<String, Double> perEuro) {
		this.source = source;
		this.perEuro = Map.copyOf(perEuro);
	}

	/** Who provided these rates, e.g. which member. */
	public String source() {
		return this.source;
	}

	/** {@code euros} in {@code currency}. */
	public double convert(double euros, String currency) {
		Double rate = this.perEuro.get(currency);
		if (rate == null) {
			throw new IllegalArgumentException("no rate for " + currency + " from " + this.source);
		}
		return euros * rate;
	}

}
