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
 */
record Outcome(TaskStatus status, byte[] pickled, String executedBy, String detail) {

	static Outcome of(TaskResult<?> result, byte[] pickled) {
		return new Outcome(result.status(), pickled, result.executedBy(),
				result.isOk() ? "" : result.errorType() + ": " + result.errorMessage());
	}

}
