package com.example.compute.e2e.tasks.peer;

import java.util.stream.IntStream;

import com.example.compute.api.SerCallable;

/**
 * Tasks whose classes travel by value and that share a helper record, for
 * {@code ClassBytesOncePerClientTest}. One of them calls {@code System.exit}, which the
 * server's bytecode check (STANDARD) refuses where a payload reaches it: the other tasks
 * of this class file pass.
 */
public final class SumTasks {

	private SumTasks() {
	}

	/** 1 + 2 + ... + n, through the helper. */
	public static SerCallable<Long> sumTo(int n) {
		return () -> new Range(n).sum();
	}

	/** The count of even numbers up to n, through the same helper. */
	public static SerCallable<Long> evensTo(int n) {
		return () -> new Range(n).evens();
	}

	/** Reaches {@code System.exit}: refused by the gates before it runs. */
	public static SerCallable<String> exit() {
		return () -> {
			System.exit(3);
			return "still here";
		};
	}

	record Range(int n) implements java.io.Serializable {

		long sum() {
			return IntStream.rangeClosed(1, this.n).asLongStream().sum();
		}

		long evens() {
			return IntStream.rangeClosed(1, this.n).filter((i) -> i % 2 == 0).count();
		}

	}

}
