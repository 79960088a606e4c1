package com.example.cluster;

/** An application exception the members do not have. */
public class OutOfStock extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int item;

	public OutOfStock(int item) {
		super("item " + item + " is out of stock");
		this.item = item;
	}

	public int item() {
		return this.item;
	}

}
