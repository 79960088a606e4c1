package com.example.compute.api;

/**
 * Thrown by {@link TaskResult#get()} when a task did not return a value and its own
 * exception cannot be rethrown as it is: it timed out or was rejected, it threw a checked
 * exception (the cause), or its exception could not travel.
 */
public class RemoteTaskException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final TaskStatus status;

	public RemoteTaskException(TaskStatus status, String message, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	/** How the task ended. */
	public TaskStatus status() {
		return this.status;
	}

}
