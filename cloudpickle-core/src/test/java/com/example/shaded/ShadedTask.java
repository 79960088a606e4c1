package com.example.shaded;

/** A class of the application, packed into one shaded jar with cloudpickle-core. */
public class ShadedTask {

	private final String name;

	public ShadedTask(String name) {
		this.name = name;
	}

	@Override
	public String toString() {
		return "task " + this.name;
	}

}
