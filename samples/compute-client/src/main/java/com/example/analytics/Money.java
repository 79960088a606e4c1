package com.example.analytics;

import java.util.Locale;

/**
 * Formatting helper, used on both sides: in toString methods of results, which may run on
 * the server or here.
 */
public final class Money {

	private Money() {
	}

	/** {@code € 1,234.56}. */
	public static String eur(double amount) {
		return String.format(Locale.US, "€ %,.2f", amount);
	}

	/** {@code € 12.3 M} for large sums, {@link #eur} below a million. */
	public static String millions(double amount) {
		return (Math.abs(amount) >= 1e6) ? String.format(Locale.US, "€ %,.1f M", amount / 1e6) : eur(amount);
	}

}
