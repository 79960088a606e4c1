package com.example.compute.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.compute.api.TaskResult;
import com.example.compute.api.TaskStatus;
import io.cloudpickle.PickleException;
import io.cloudpickle.spring.PickleService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs tasks on a bounded executor ({@code compute.workers} threads,
 * {@code compute.queue-capacity} waiting tasks, the rest rejected) with a time limit per
 * task, and pickles the {@link TaskResult}. A task that runs past its limit is cancelled
 * by interrupting its thread: the dataset loops stop, and so does any code that honours
 * interruption; code that ignores it keeps its thread busy until it returns (the JVM
 * cannot stop a thread safely), which is why the executor is bounded.
 *
 * <p>
 * The result is pickled here rather than by the HTTP converter, so that a value or an
 * exception that cannot be pickled still gives the caller a {@link TaskResult} that says
 * why, not a bare 500.
 */
@Component
public class TaskRunner implements DisposableBean {

	private static final Log logger = LogFactory.getLog(TaskRunner.class);

	private static final long PID = ProcessHandle.current().pid();

	private final ThreadPoolExecutor executor;

	private final long maxMillis;

	private final PickleService pickleService;

	public TaskRunner(ComputeProperties properties, PickleService pickleService) {
		this.pickleService = pickleService;
		this.maxMillis = properties.taskTimeout().toMillis();
		AtomicInteger threads = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(properties.workers(), properties.workers(), 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(properties.queueCapacity()), (runnable) -> {
					Thread thread = new Thread(runnable, "compute-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				}, new ThreadPoolExecutor.AbortPolicy());
	}

	/**
	 * Runs {@code task} within {@code requestedMillis} (if given and lower than
	 * {@code compute.task-timeout}) and returns the pickled {@link TaskResult}.
	 */
	public byte[] run(String what, Callable<?> task, Long requestedMillis) {
		long limit = (requestedMillis != null && requestedMillis > 0) ? Math.min(requestedMillis, this.maxMillis)
				: this.maxMillis;
		long start = System.nanoTime();
		Future<TaskResult<?>> future;
		try {
			future = this.executor.submit(() -> {
				long begin = System.nanoTime();
				try {
					return TaskResult.ok(task.call(), micros(begin), executedBy());
				}
				catch (Throwable ex) {
					return TaskResult.failed(ex, micros(begin), executedBy());
				}
			});
		}
		catch (RejectedExecutionException ex) {
			return pickle(TaskResult.rejected("all " + this.executor.getMaximumPoolSize() + " workers are busy and "
					+ this.executor.getQueue().size() + " tasks are waiting; try again later", "pid " + PID));
		}
		TaskResult<?> result;
		try {
			result = future.get(limit, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			result = TaskResult.timedOut(limit, micros(start), "pid " + PID);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			Thread.currentThread().interrupt();
			result = TaskResult.failed(ex, micros(start), "pid " + PID);
		}
		catch (ExecutionException ex) {
			result = TaskResult.failed(ex.getCause(), micros(start), "pid " + PID);
		}
		logger.info(String.format("%s: %s in %.1f ms on %s%s", what, result.status(), result.elapsedMicros() / 1000.0,
				result.executedBy(), (result.isOk()) ? "" : ": " + result.errorType() + ": " + result.errorMessage()));
		return pickle(result);
	}

	private byte[] pickle(TaskResult<?> result) {
		try {
			return this.pickleService.dumps(result);
		}
		catch (PickleException ex) {
			if (result.status() == TaskStatus.FAILED && result.error() != null) {
				return pickle(result.withoutError(ex.getMessage()));
			}
			return this.pickleService.dumps(new TaskResult<>(TaskStatus.FAILED, null, null,
					PickleException.class.getName(), "the task's value cannot travel back: " + ex.getMessage(), null,
					result.elapsedMicros(), result.executedBy()));
		}
	}

	private static long micros(long startNanos) {
		return (System.nanoTime() - startNanos) / 1000;
	}

	private static String executedBy() {
		return Thread.currentThread().getName() + "@pid " + PID;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
