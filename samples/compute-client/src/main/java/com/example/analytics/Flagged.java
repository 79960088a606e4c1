package com.example.analytics;

import java.time.LocalDate;
import java.util.Locale;

import com.example.compute.api.Sale;

/**
 * A suspicious order line: made on the server by the map function, sent back by value.
 */
public record Flagged(long line, LocalDate date, String store, String product, int quantity, double discount,
		double revenue, String reason) {

	public static Flagged of(Sale sale, AnomalyRule rule) {
		return new Flagged(sale.id(), sale.date(), sale.store(), sale.product(), sale.quantity(), sale.discount(),
				sale.revenue(), rule.reason(sale));
	}

	@Override
	public String toString() {
		return String.format(Locale.US, "line %6d  %s  %-10s %-26s %4d × %3.0f%% off  %13s  %s", this.line, this.date,
				this.store, this.product, this.quantity, this.discount * 100, Money.eur(this.revenue), this.reason);
	}

}
