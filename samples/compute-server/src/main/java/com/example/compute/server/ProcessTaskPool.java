package com.example.compute.server;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.example.compute.api.TaskResult;
import com.example.compute.api.TaskStatus;
import com.example.compute.worker.TaskKind;
import com.example.compute.worker.WorkerMain;
import com.example.compute.worker.WorkerProtocol;
import io.cloudpickle.spring.http.CloudPickleBodyException;
import io.cloudpickle.spring.http.Pickled;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs tasks in worker JVMs ({@code compute.isolation=process}): one dispatcher thread
 * per worker takes a task from the queue, sends its verified payload bytes to its worker
 * (with the classes the body named by hash put back, see {@link ClassExchange}) and
 * passes the pickled answer on without loading it. A worker still busy at the task's
 * deadline is killed ({@code destroyForcibly}) and replaced; so is one that exits (a task
 * called {@code System.exit} or {@code halt}), breaks the protocol, asks to retire (its
 * task hit an {@code Error} or left threads running), or has run
 * {@code compute.worker.max-tasks} tasks. Whatever a task does costs one worker, never
 * the server.
 */
final class ProcessTaskPool implements TaskPool {

	private static final Log logger = LogFactory.getLog(ProcessTaskPool.class);

	/** Largest pickled result a worker may send back. */
	private static final int MAX_RESULT_BYTES = 64 * 1024 * 1024;

	private final int size;

	private final int maxTasks;

	private final JobQueue queue;

	private final Function<String, List<String>> command;

	private final Function<TaskResult<?>, byte[]> pickle;

	private final ScheduledExecutorService watchdog;

	private final List<Slot> slots = new ArrayList<>();

	/**
	 * A started worker waiting to replace one that ends, so that a slot is not empty
	 * while a JVM starts.
	 */
	private final BlockingQueue<WorkerProcess> spare = new ArrayBlockingQueue<>(1);

	private final Thread spareMaker;

	private final AtomicLong workerNumbers = new AtomicLong();

	private final AtomicLong stuck = new AtomicLong();

	private final AtomicLong replaced = new AtomicLong();

	private volatile boolean closed;

	/**
	 * @param command the command line of a worker, given its name
	 * @param pickle pickles the results the server makes itself (timeouts, dead workers)
	 */
	ProcessTaskPool(ComputeProperties properties, Function<String, List<String>> command,
			Function<TaskResult<?>, byte[]> pickle) {
		this.size = properties.workers();
		this.maxTasks = properties.worker().maxTasks();
		this.queue = new JobQueue(properties.queueCapacity());
		this.command = command;
		this.pickle = pickle;
		this.watchdog = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "compute-worker-watchdog");
			thread.setDaemon(true);
			return thread;
		});
		for (int i = 1; i <= this.size; i++) {
			Slot slot = new Slot(String.valueOf(i));
			this.slots.add(slot);
			slot.thread.start();
		}
		this.spareMaker = new Thread(this::makeSpares, "compute-worker-spare");
		this.spareMaker.setDaemon(true);
		this.spareMaker.start();
	}

	/** Keeps one started worker in reserve. */
	private void makeSpares() {
		while (!this.closed) {
			try {
				WorkerProcess worker = spawn();
				if (worker != null) {
					this.spare.put(worker);
				}
			}
			catch (InterruptedException ex) {
				// closing
			}
		}
	}

	/** Starts a worker; null (after a pause) if it fails to start. */
	private WorkerProcess spawn() throws InterruptedException {
		String name = String.valueOf(this.workerNumbers.incrementAndGet());
		try {
			long begin = System.nanoTime();
			WorkerProcess worker = WorkerProcess.start(name, this.command.apply(name));
			logger.info(String.format("worker-%s started (pid %d) in %.0f ms", name, worker.pid(),
					(System.nanoTime() - begin) / 1e6));
			return worker;
		}
		catch (IOException ex) {
			logger.warn("worker-" + name + " failed to start, retrying in 1 s: " + ex.getMessage());
			Thread.sleep(1000);
			return null;
		}
	}

	/**
	 * The command line of a worker: this JVM's {@code java}, the worker's own heap and
	 * metaspace limits, its class path (copied to {@code directory} if need be), and its
	 * settings. Workers are many, short-lived and started often (every kill, every
	 * recycling): the serial collector with the whole heap committed at once, and the
	 * client compiler only, keep what a start and its warm-up cost small.
	 */
	static Function<String, List<String>> command(ComputeProperties properties, Path directory,
			Function<String, List<String>> settings) throws IOException {
		String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
		String classpath = WorkerClasspath.resolve(directory);
		return (name) -> {
			List<String> command = new ArrayList<>(
					List.of(java, "-Xmx" + properties.worker().maxHeap().toMegabytes() + "m",
							"-Xms" + properties.worker().maxHeap().toMegabytes() + "m",
							"-XX:MaxMetaspaceSize=" + properties.worker().maxMetaspace().toMegabytes() + "m",
							"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xshare:auto",
							"-XX:-UsePerfData", "-cp", classpath, WorkerMain.class.getName()));
			command.addAll(settings.apply(name));
			return command;
		};
	}

	@Override
	public Job submit(TaskKind kind, Pickled<Object> body, byte[] payload, long deadlineNanos) {
		return this.queue.offer(kind, body, payload, deadlineNanos);
	}

	@Override
	public boolean cancel(Job job) {
		job.timedOut = true;
		// If it runs, the watchdog kills its worker at the same deadline.
		return this.queue.remove(job);
	}

	@Override
	public PoolStats stats() {
		int live = 0;
		for (Slot slot : this.slots) {
			WorkerProcess worker = slot.worker;
			live += (worker != null && worker.isAlive()) ? 1 : 0;
		}
		return new PoolStats(ComputeProperties.Isolation.PROCESS, this.size, live, this.queue.size(), this.stuck.get(),
				this.replaced.get(), this.queue.rejected(), 0);
	}

	@Override
	public void close() {
		this.closed = true;
		this.watchdog.shutdownNow();
		this.spareMaker.interrupt();
		WorkerProcess reserve = this.spare.poll();
		if (reserve != null) {
			reserve.kill();
		}
		for (Slot slot : this.slots) {
			slot.thread.interrupt();
			WorkerProcess worker = slot.worker;
			if (worker != null) {
				worker.kill();
			}
		}
	}

	/** A dispatcher thread and its worker process. */
	private final class Slot implements Runnable {

		final String name;

		final Thread thread;

		volatile WorkerProcess worker;

		private boolean started;

		Slot(String name) {
			this.name = name;
			this.thread = new Thread(this, "compute-dispatch-" + name);
			this.thread.setDaemon(true);
		}

		@Override
		public void run() {
			while (!ProcessTaskPool.this.closed) {
				try {
					if (this.worker == null && !startWorker()) {
						continue;
					}
					Job job = ProcessTaskPool.this.queue.take();
					if (!job.answer.isDone() && job.remainingNanos() > 0) {
						run(job);
					}
				}
				catch (InterruptedException ex) {
					// closing
				}
			}
		}

		/**
		 * The first worker of a slot is its own; a replacement is the spare if one is
		 * ready (so the slot is back at once), else started here.
		 */
		private boolean startWorker() throws InterruptedException {
			WorkerProcess spare = this.started ? ProcessTaskPool.this.spare.poll() : null;
			if (spare != null && !spare.isAlive()) {
				spare.kill();
				spare = null;
			}
			WorkerProcess started = (spare != null) ? spare : spawn();
			if (started == null) {
				return false;
			}
			this.worker = started;
			if (this.started) {
				ProcessTaskPool.this.replaced.incrementAndGet();
			}
			this.started = true;
			return true;
		}

		private void run(Job job) {
			WorkerProcess current = this.worker;
			String executedBy = "worker-" + current.name() + "@pid " + current.pid();
			job.executedBy = executedBy;
			long begin = System.nanoTime();
			ScheduledFuture<?> killer = ProcessTaskPool.this.watchdog.schedule(() -> {
				job.timedOut = true;
				current.kill();
			}, job.remainingNanos(), TimeUnit.NANOSECONDS);
			try {
				WorkerProtocol.Answer answer = current.call(job.kind, job.payload, MAX_RESULT_BYTES);
				killer.cancel(false);
				if (answer instanceof WorkerProtocol.Result result) {
					job.answer
						.complete(new Outcome(result.status(), result.pickled(), executedBy, result.detail(), true));
				}
				else {
					job.answer.completeExceptionally(
							CloudPickleBodyException.refused(((WorkerProtocol.Refusal) answer).toException()));
				}
				if (answer.retire() || current.tasks() >= ProcessTaskPool.this.maxTasks) {
					current.stop();
					this.worker = null;
				}
			}
			catch (IOException ex) {
				killer.cancel(false);
				current.kill();
				this.worker = null;
				long micros = (System.nanoTime() - begin) / 1000;
				TaskResult<?> result;
				if (job.timedOut) {
					ProcessTaskPool.this.stuck.incrementAndGet();
					result = new TaskResult<>(TaskStatus.TIMED_OUT, null, null, "timeout",
							"task exceeded its time limit and its worker process was killed", null, micros, executedBy);
				}
				else {
					result = new TaskResult<>(TaskStatus.FAILED, null, null, "worker process ended",
							"the worker process running the task ended (" + current.exitDescription()
									+ "): the task exited or crashed it; " + ex.getMessage(),
							null, micros, executedBy);
				}
				job.answer.complete(Outcome.of(result, ProcessTaskPool.this.pickle.apply(result)));
			}
		}

	}

}
