package com.example.beans;

/**
 * A service bean that cannot travel by value (it holds a thread), as a bean holding a
 * data source or a client would.
 */
public class Greeter {

	private final String where;

	private final Thread worker = new Thread(() -> {
	});

	public Greeter(String where) {
		this.where = where;
	}

	public String greet(String name) {
		return "hello " + name + " from " + this.where + (this.worker.isAlive() ? "" : "");
	}

}
