package com.example.ratetasks;

import com.example.members.Rates;
import io.cloudpickle.hazelcast.MemberTask;

/** Closures that capture a bean; this package travels by value and no member has it. */
public final class RateTasks {

	private RateTasks() {
	}

	/**
	 * Converts through the captured bean; says whose bean it was and whether it is the
	 * member's own.
	 */
	public static MemberTask<String> convert(Rates rates, double euros) {
		return (context) -> rates.source() + " converted " + euros + " EUR to " + rates.toUsd(euros)
				+ " USD; the member's own bean: " + (context.bean(Rates.class) == rates);
	}

}
