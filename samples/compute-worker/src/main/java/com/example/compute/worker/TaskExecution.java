package com.example.compute.worker;

import java.util.function.Function;
import java.util.function.Supplier;

import com.example.compute.api.TaskResult;
import com.example.compute.api.TaskStatus;

/**
 * One task from payload to pickled answer, the same in a server thread and in a worker
 * process: load the request (constructors, static initialisers and deserialization hooks
 * of the shipped classes run here, inside the task and its deadline, not on the HTTP
 * thread), run it over the dataset, and pickle the {@link TaskResult}. A refusal while
 * loading (signature, class gates, limits) is not a task failure: it propagates, so that
 * the server answers it with its HTTP status.
 */
public final class TaskExecution {

	private final SalesData data;

	private final int maxResultRows;

	public TaskExecution(SalesData data, int maxResultRows) {
		this.data = data;
		this.maxResultRows = maxResultRows;
	}

	/**
	 * Loads and runs a task.
	 * @param load loads the request; whatever it throws propagates
	 * @param executedBy the thread and JVM, for the result
	 */
	public TaskResult<?> execute(TaskKind kind, Supplier<Object> load, String executedBy) {
		long begin = System.nanoTime();
		Object request = load.get();
		try {
			return TaskResult.ok(kind.run(request, this.data, this.maxResultRows), micros(begin), executedBy);
		}
		catch (Throwable ex) {
			return TaskResult.failed(ex, micros(begin), executedBy);
		}
	}

	/**
	 * Pickles a result with {@code dumps}; a value or an exception that cannot travel
	 * back still gives a {@link TaskResult} that says why.
	 */
	public static byte[] pickle(TaskResult<?> result, Function<Object, byte[]> dumps) {
		try {
			return dumps.apply(result);
		}
		catch (RuntimeException ex) {
			if (result.status() == TaskStatus.FAILED && result.error() != null) {
				return pickle(result.withoutError(ex.getMessage()), dumps);
			}
			return dumps.apply(new TaskResult<>(TaskStatus.FAILED, null, null, ex.getClass().getName(),
					"the task's value cannot travel back: " + ex.getMessage(), null, result.elapsedMicros(),
					result.executedBy()));
		}
	}

	static long micros(long startNanos) {
		return (System.nanoTime() - startNanos) / 1000;
	}

}
