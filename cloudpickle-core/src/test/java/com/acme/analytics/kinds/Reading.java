package com.acme.analytics.kinds;

/** A record with a compact-constructor invariant. */
public record Reading(String sensor, double value) {

	public Reading {
		if (value < 0) {
			throw new IllegalArgumentException("negative reading " + value);
		}
		sensor = sensor.trim();
	}

}
