package com.example.compute.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.example.compute.api.TaskResult;
import com.example.compute.worker.TaskExecution;
import com.example.compute.worker.TaskKind;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.http.Pickled;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs tasks in threads of the server ({@code compute.isolation=thread}). A task past its
 * deadline is interrupted; a thread whose code ignores that for another
 * {@link #GRACE_NANOS} is abandoned (the JVM cannot stop it safely) and a new thread
 * takes its place, up to {@code compute.max-stuck-threads} abandoned at once; beyond that
 * the pool runs short until one of them ends. No isolation: the code runs with the
 * server's heap, metaspace, environment and privileges.
 */
final class ThreadTaskPool implements TaskPool {

	private static final Log logger = LogFactory.getLog(ThreadTaskPool.class);

	private static final long GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private static final long PID = ProcessHandle.current().pid();

	private final int size;

	private final int maxAbandoned;

	private final JobQueue queue;

	private final TaskExecution execution;

	private final PickleService pickleService;

	private final ScheduledExecutorService watchdog;

	private final Set<Runner> active = new HashSet<>();

	private final Set<Runner> abandoned = new HashSet<>();

	private final AtomicInteger threadNumbers = new AtomicInteger();

	private final AtomicLong stuck = new AtomicLong();

	private final AtomicLong replaced = new AtomicLong();

	private volatile boolean closed;

	ThreadTaskPool(ComputeProperties properties, TaskExecution execution, PickleService pickleService) {
		this.size = properties.workers();
		this.maxAbandoned = properties.maxStuckThreads();
		this.queue = new JobQueue(properties.queueCapacity());
		this.execution = execution;
		this.pickleService = pickleService;
		this.watchdog = Executors.newSingleThreadScheduledExecutor((r) -> daemon(r, "compute-watchdog"));
		synchronized (this) {
			for (int i = 0; i < this.size; i++) {
				startRunner();
			}
		}
		this.watchdog.scheduleWithFixedDelay(this::abandonStuck, 100, 100, TimeUnit.MILLISECONDS);
	}

	@Override
	public Job submit(TaskKind kind, Pickled<Object> body, byte[] payload, long deadlineNanos) {
		return this.queue.offer(kind, body, payload, deadlineNanos);
	}

	@Override
	public boolean cancel(Job job) {
		job.timedOut = true;
		if (this.queue.remove(job)) {
			return true;
		}
		synchronized (job) {
			// Under the job's lock: its runner cannot have moved on to another task.
			Thread runner = job.runner;
			if (runner != null) {
				runner.interrupt();
			}
		}
		return false;
	}

	private void startRunner() {
		Runner runner = new Runner();
		this.active.add(runner);
		runner.thread.start();
	}

	/**
	 * Abandons threads still running a task past its deadline plus the grace, and
	 * replaces them while fewer than the cap are abandoned.
	 */
	private void abandonStuck() {
		long now = System.nanoTime();
		synchronized (this) {
			for (Runner runner : new ArrayList<>(this.active)) {
				Job job = runner.current;
				if (job != null && now - job.deadlineNanos > GRACE_NANOS) {
					this.active.remove(runner);
					this.abandoned.add(runner);
					runner.abandoned = true;
					this.stuck.incrementAndGet();
					logger.warn(runner.thread.getName() + " ignored the cancellation of its task and is abandoned ("
							+ this.abandoned.size() + " abandoned, at most " + this.maxAbandoned + " replaced)");
				}
			}
			refill();
		}
	}

	/**
	 * Starts runners until the pool is full or the cap of abandoned threads is reached.
	 */
	private void refill() {
		while (!this.closed && this.active.size() < this.size && this.abandoned.size() <= this.maxAbandoned) {
			startRunner();
			this.replaced.incrementAndGet();
		}
	}

	private synchronized void ended(Runner runner) {
		this.abandoned.remove(runner);
		this.active.remove(runner);
		refill();
	}

	@Override
	public synchronized PoolStats stats() {
		return new PoolStats(ComputeProperties.Isolation.THREAD, this.size, Math.min(this.size, this.active.size()),
				this.queue.size(), this.stuck.get(), this.replaced.get(), this.queue.rejected(), this.abandoned.size());
	}

	@Override
	public void close() {
		this.closed = true;
		this.watchdog.shutdownNow();
		synchronized (this) {
			List<Runner> all = new ArrayList<>(this.active);
			all.addAll(this.abandoned);
			all.forEach((runner) -> runner.thread.interrupt());
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * One thread taking tasks from the queue until it is abandoned or the pool closes.
	 */
	private final class Runner implements Runnable {

		final Thread thread = daemon(this, "compute-" + ThreadTaskPool.this.threadNumbers.incrementAndGet());

		volatile Job current;

		volatile boolean abandoned;

		@Override
		public void run() {
			try {
				while (!ThreadTaskPool.this.closed && !this.abandoned) {
					Job job;
					try {
						job = ThreadTaskPool.this.queue.take();
					}
					catch (InterruptedException ex) {
						// a cancellation that arrived after the task ended: keep serving
						continue;
					}
					if (job.answer.isDone() || job.remainingNanos() <= 0) {
						continue;
					}
					this.current = job;
					job.runner = this.thread;
					try {
						run(job);
					}
					finally {
						this.current = null;
						synchronized (job) {
							job.runner = null;
						}
						// a cancellation that arrived as the task ended is not for the
						// next one
						Thread.interrupted();
					}
				}
			}
			finally {
				ended(this);
			}
		}

		private void run(Job job) {
			String executedBy = this.thread.getName() + "@pid " + PID;
			job.executedBy = executedBy;
			try {
				TaskResult<?> result = ThreadTaskPool.this.execution.execute(job.kind, job.body::load, executedBy);
				job.answer.complete(
						Outcome.loaded(result, TaskExecution.pickle(result, ThreadTaskPool.this.pickleService::dumps)));
			}
			catch (Throwable ex) {
				// A refusal while loading, or an Error of a constructor or initializer.
				job.answer.completeExceptionally(ex);
			}
		}

	}

}
