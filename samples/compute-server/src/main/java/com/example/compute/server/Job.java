package com.example.compute.server;

import java.util.concurrent.CompletableFuture;

import com.example.compute.worker.TaskKind;
import io.cloudpickle.spring.http.Pickled;

/**
 * A queued task: what to run, its deadline, and its answer once there is one.
 */
final class Job {

	final TaskKind kind;

	/** The verified request body, as it came (loaded by a thread). */
	final Pickled<Object> body;

	/**
	 * The payload a worker process loads: the body with the classes it named by hash
	 * given their bytes.
	 */
	final byte[] payload;

	final long deadlineNanos;

	final CompletableFuture<Outcome> answer = new CompletableFuture<>();

	/** Who runs it, once it runs (thread isolation); for cancellation. */
	volatile Thread runner;

	/** Set when the deadline passed while it ran. */
	volatile boolean timedOut;

	/** What ran it, for the log: the thread, or the worker process. */
	volatile String executedBy;

	Job(TaskKind kind, Pickled<Object> body, byte[] payload, long deadlineNanos) {
		this.kind = kind;
		this.body = body;
		this.payload = payload;
		this.deadlineNanos = deadlineNanos;
	}

	long remainingNanos() {
		return this.deadlineNanos - System.nanoTime();
	}

}
