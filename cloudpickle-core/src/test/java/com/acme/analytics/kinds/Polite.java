package com.acme.analytics.kinds;

/** Implements only the abstract method of {@link Greeter}. */
public final class Polite implements Greeter {

	private final String who;

	public Polite(String who) {
		this.who = who;
	}

	@Override
	public String name() {
		return this.who;
	}

}
