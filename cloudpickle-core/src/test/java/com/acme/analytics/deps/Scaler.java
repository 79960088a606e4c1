package com.acme.analytics.deps;

/** Class B: a helper that uses record C through a package-private method. */
final class Scaler {

	private Scaler() {
	}

	static int scale(int x) {
		return new Factor(3).times(x) + 1;
	}

}
