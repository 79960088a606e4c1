package com.acme.analytics.kinds;

import java.util.function.Supplier;

/**
 * A parametrised subclass with a generic interface; {@code compareTo} gets a bridge
 * method.
 */
public class IntBox extends Box<Integer> implements Comparable<IntBox>, Supplier<Integer> {

	public IntBox(Integer content) {
		super(content);
	}

	@Override
	public int compareTo(IntBox other) {
		return Integer.compare(this.content, other.content);
	}

	@Override
	public Integer get() {
		return this.content;
	}

	/** A varargs method. */
	public static int sum(int... values) {
		int total = 0;
		for (int v : values) {
			total += v;
		}
		return total;
	}

}
