package com.acme.analytics.closures;

import java.util.concurrent.Callable;

/**
 * A non-Serializable holder that can travel, read by the anonymous class it hands out.
 */
public class PricingService {

	private final double rate;

	public PricingService(double rate) {
		this.rate = rate;
	}

	public Callable<Double> priceOf(double amount) {
		return new Callable<Double>() {
			@Override
			public Double call() {
				return amount * PricingService.this.rate;
			}
		};
	}

}
