package com.acme.analytics.identity;

/**
 * Static state: a shipped copy of this class must not share it with the sender's copy.
 */
public final class StaticState {

	static int hits;

	private StaticState() {
	}

	public static int hits() {
		return hits;
	}

}
