package com.example.compute.e2e.tasks.peer;

import com.example.compute.api.SerCallable;

/**
 * A task whose class the test never sends with its bytes: a body naming it by hash only
 * must be refused.
 */
public final class UnsentTasks {

	private UnsentTasks() {
	}

	public static SerCallable<String> hello() {
		return () -> "hello from a class the server never received";
	}

}
