package com.acme.analytics.lambdas;

/**
 * A plain (non-Serializable) mutable class; bound method references capture an instance.
 */
public final class Counter {

	private int value;

	public Counter(int start) {
		this.value = start;
	}

	public int incrementAndGet() {
		return ++this.value;
	}

	public int value() {
		return this.value;
	}

}
