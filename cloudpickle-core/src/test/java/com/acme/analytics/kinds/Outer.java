package com.acme.analytics.kinds;

/** Holds a non-static inner class. */
public class Outer {

	private final int base;

	public Outer(int base) {
		this.base = base;
	}

	public Inner inner(int extra) {
		return new Inner(extra);
	}

	/** A (non-static) inner class: refers to its enclosing instance. */
	public class Inner {

		private final int extra;

		Inner(int extra) {
			this.extra = extra;
		}

		public int total() {
			return Outer.this.base + this.extra;
		}

		public Outer outer() {
			return Outer.this;
		}

	}

}
