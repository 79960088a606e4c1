package com.example.compute.api;

import java.time.LocalDate;

/**
 * One order line of the server's sales dataset. Shared by reference: the server and every
 * caller have this class.
 *
 * @param id line number in the dataset, from 1
 * @param date order date
 * @param region sales region: {@code EMEA}, {@code AMER} or {@code APAC}
 * @param country ISO 3166 country code
 * @param store store code, e.g. {@code DE-BER-01}; online orders have the country's web
 * store, e.g. {@code DE-WEB}
 * @param channel {@code store} or {@code online}
 * @param product product name
 * @param category product category
 * @param quantity units ordered
 * @param unitPrice list price per unit, in EUR
 * @param discount discount as a fraction of the list price, 0 to 1
 */
public record Sale(long id, LocalDate date, String region, String country, String store, String channel, String product,
		String category, int quantity, double unitPrice, double discount) {

	/** What the order brought in: quantity × unit price × (1 − discount). */
	public double revenue() {
		return this.quantity * this.unitPrice * (1 - this.discount);
	}

}
