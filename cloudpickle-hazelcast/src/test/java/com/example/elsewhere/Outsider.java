package com.example.elsewhere;

import io.cloudpickle.hazelcast.MemberTask;

/** A closure from a package the members do not allow by value. */
public final class Outsider {

	private Outsider() {
	}

	public static MemberTask<String> hello() {
		return (context) -> "hello";
	}

}
