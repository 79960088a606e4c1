package com.acme.analytics.kinds;

/** A generic base class. */
public class Box<T> {

	protected final T content;

	public Box(T content) {
		this.content = content;
	}

	public T content() {
		return this.content;
	}

}
