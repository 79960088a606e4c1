package com.acme.analytics.kinds;

public final class Square extends Shape {

	private final double side;

	public Square(double side) {
		this.side = side;
	}

	@Override
	public double area() {
		return this.side * this.side;
	}

}
