package com.example.compute.server;

import com.example.compute.api.TaskResult;
import com.example.compute.api.TaskStatus;

/**
 * A task's answer: the pickled {@code TaskResult} for the caller, and what it says for
 * the server's log (in process isolation the server never loads what a worker pickled).
 *
 * @param status how the task ended
 * @param pickled the pickled TaskResult
 * @param executedBy the thread or worker process that ran it
 * @param detail the error type and message if it did not return a value, else empty
 * @param loaded whether the payload was loaded (by a worker or a thread) and the task's
 * own answer came back, so its classes passed the gates; false for answers the server
 * made itself (timeouts, rejections, a worker that died)
 */
record Outcome(TaskStatus status, byte[] pickled, String executedBy, String detail, boolean loaded) {

	/** An answer the server made itself. */
	static Outcome of(TaskResult<?> result, byte[] pickled) {
		return new Outcome(result.status(), pickled, result.executedBy(), detail(result), false);
	}

	/** The answer of a task whose payload was loaded. */
	static Outcome loaded(TaskResult<?> result, byte[] pickled) {
		return new Outcome(result.status(), pickled, result.executedBy(), detail(result), true);
	}

	private static String detail(TaskResult<?> result) {
		return result.isOk() ? "" : result.errorType() + ": " + result.errorMessage();
	}

}
