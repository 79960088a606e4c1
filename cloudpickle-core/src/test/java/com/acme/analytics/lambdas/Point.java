package com.acme.analytics.lambdas;

/** A by-value record used by method-reference fixtures. */
public record Point(int x, int y) {

	public double norm() {
		return Math.sqrt((double) this.x * this.x + (double) this.y * this.y);
	}

	public static Point origin() {
		return new Point(0, 0);
	}

}
