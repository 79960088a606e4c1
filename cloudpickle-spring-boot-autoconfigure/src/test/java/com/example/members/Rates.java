package com.example.members;

/**
 * A singleton service every JVM of the application has on its class path; each holds its
 * own instance (its own source), which a closure that captures it must use.
 */
public class Rates {

	private final String source;

	private final double usdPerEur;

	/** What a bean holding a client or a data source holds: it cannot travel by value. */
	private final Thread refresher = new Thread(() -> {
	});

	public Rates(String source, double usdPerEur) {
		this.source = source;
		this.usdPerEur = usdPerEur;
	}

	public String source() {
		return this.source;
	}

	public double toUsd(double euros) {
		return euros * this.usdPerEur + (this.refresher.isAlive() ? 0 : 0);
	}

}
