package com.acme.analytics.kinds;

import java.util.function.IntBinaryOperator;

/**
 * An enum with constant-specific bodies that implements a JDK interface, switched on and
 * kept in an EnumSet.
 */
public enum Op implements IntBinaryOperator {

	PLUS {
		@Override
		public int applyAsInt(int a, int b) {
			return a + b;
		}
	},

	TIMES {
		@Override
		public int applyAsInt(int a, int b) {
			return a * b;
		}
	},

	NOOP;

	@Override
	public int applyAsInt(int a, int b) {
		return a;
	}

}
