package com.example.analytics;

import com.example.compute.api.Sale;

/**
 * What makes an order line suspicious: a bulk quantity, or a discount above what any
 * promotion gives. Captured by the filter's lambda, so the instance travels with it.
 */
public record AnomalyRule(int bulkQuantity, double maxDiscount) {

	public boolean test(Sale sale) {
		return reason(sale) != null;
	}

	/** Why a line is suspicious, or null. */
	public String reason(Sale sale) {
		if (sale.quantity() >= this.bulkQuantity) {
			return "bulk order";
		}
		if (sale.discount() > this.maxDiscount) {
			return "discount above " + Math.round(this.maxDiscount * 100) + "%";
		}
		return null;
	}

}
