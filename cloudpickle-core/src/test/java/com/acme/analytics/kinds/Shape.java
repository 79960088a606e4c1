package com.acme.analytics.kinds;

/** An abstract class. */
public abstract class Shape {

	public abstract double area();

	public String describe() {
		return getClass().getSimpleName() + "(" + area() + ")";
	}

}
