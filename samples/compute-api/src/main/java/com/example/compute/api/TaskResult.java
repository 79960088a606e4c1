package com.example.compute.api;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * The envelope of every answer of the compute server: the task's value, or how it failed.
 * The server pickles it back (values of classes it received by value travel back by
 * value); the caller calls {@link #get()}, which returns the value or rethrows the task's
 * exception.
 *
 * @param status how the task ended
 * @param value the value if {@link TaskStatus#OK}
 * @param error what the task threw, if it could travel back (null otherwise, and for
 * timeouts and rejections)
 * @param errorType class name of what the task threw, or a short reason
 * @param errorMessage its message
 * @param remoteStackTrace the stack trace as printed on the server, or null
 * @param elapsedMicros time the task ran (or waited, if rejected), in microseconds
 * @param executedBy the server thread and JVM that ran it, e.g.
 * {@code compute-2@pid 4711}
 */
public record TaskResult<T>(TaskStatus status, T value, Throwable error, String errorType, String errorMessage,
		String remoteStackTrace, long elapsedMicros, String executedBy) {

	public TaskResult {
		Objects.requireNonNull(status, "status");
	}

	public static <T> TaskResult<T> ok(T value, long elapsedMicros, String executedBy) {
		return new TaskResult<>(TaskStatus.OK, value, null, null, null, null, elapsedMicros, executedBy);
	}

	public static <T> TaskResult<T> failed(Throwable error, long elapsedMicros, String executedBy) {
		return new TaskResult<>(TaskStatus.FAILED, null, error, error.getClass().getName(), error.getMessage(),
				stackTrace(error), elapsedMicros, executedBy);
	}

	public static <T> TaskResult<T> timedOut(long limitMillis, long elapsedMicros, String executedBy) {
		return new TaskResult<>(TaskStatus.TIMED_OUT, null, null, "timeout",
				"task exceeded its time limit of " + limitMillis + " ms and was cancelled", null, elapsedMicros,
				executedBy);
	}

	public static <T> TaskResult<T> rejected(String why, String executedBy) {
		return new TaskResult<>(TaskStatus.REJECTED, null, null, "rejected", why, null, 0, executedBy);
	}

	/**
	 * The same failure without the exception object, for when that object cannot be
	 * pickled.
	 */
	public TaskResult<T> withoutError(String why) {
		return new TaskResult<>(this.status, null, null, this.errorType,
				this.errorMessage + " (the exception itself could not travel back: " + why + ")", this.remoteStackTrace,
				this.elapsedMicros, this.executedBy);
	}

	public boolean isOk() {
		return this.status == TaskStatus.OK;
	}

	/**
	 * The value, or the task's failure: its own exception if it is unchecked (with the
	 * server's stack trace), else a {@link RemoteTaskException} (whose cause is the
	 * checked exception, if it travelled).
	 */
	public T get() {
		switch (this.status) {
			case OK:
				return this.value;
			case FAILED:
				if (this.error instanceof RuntimeException runtime) {
					throw runtime;
				}
				if (this.error instanceof Error error) {
					throw error;
				}
				throw new RemoteTaskException(this.status,
						"task failed on " + this.executedBy + ": " + this.errorType + ": " + this.errorMessage,
						this.error);
			default:
				throw new RemoteTaskException(this.status, "task " + this.status.name().toLowerCase().replace('_', ' ')
						+ " on " + this.executedBy + ": " + this.errorMessage, null);
		}
	}

	private static String stackTrace(Throwable error) {
		StringWriter out = new StringWriter();
		error.printStackTrace(new PrintWriter(out));
		return out.toString();
	}

}
