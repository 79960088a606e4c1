package com.example.beans;

import io.cloudpickle.hazelcast.MemberTask;

/** Closures that capture a bean; this package travels by value. */
public final class GreetingTasks {

	private GreetingTasks() {
	}

	/** Greets through the captured bean, and says whether it is the member's own bean. */
	public static MemberTask<String> greet(Greeter greeter, String name) {
		return (context) -> greeter.greet(name) + " / member's own bean: " + (context.bean(Greeter.class) == greeter);
	}

}
