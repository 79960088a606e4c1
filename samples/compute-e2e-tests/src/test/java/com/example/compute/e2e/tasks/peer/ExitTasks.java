package com.example.compute.e2e.tasks.peer;

import com.example.compute.api.SerCallable;

/**
 * A task whose only code calls {@code System.exit}: the server's bytecode check refuses
 * it whenever it arrives.
 */
public final class ExitTasks {

	private ExitTasks() {
	}

	public static SerCallable<String> exit() {
		return () -> {
			System.exit(4);
			return "still here";
		};
	}

}
