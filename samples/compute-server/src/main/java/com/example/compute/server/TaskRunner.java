package com.example.compute.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import com.example.compute.api.TaskResult;
import com.example.compute.worker.TaskExecution;
import com.example.compute.worker.TaskKind;
import com.example.compute.worker.WorkerSettings;
import io.cloudpickle.security.BytecodeLevel;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.http.CloudPickleBodyException;
import io.cloudpickle.spring.http.Pickled;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Runs the tasks of the endpoints under one deadline each ({@code compute.task-timeout},
 * or less if the request asks): waiting for a worker, loading the verified payload
 * (constructors, static initialisers and deserialization hooks of shipped classes run
 * here, not on the HTTP thread), running it over the dataset, and pickling the result.
 * Where it runs is {@code compute.isolation}: worker processes ({@link ProcessTaskPool},
 * the boundary) or threads of this JVM ({@link ThreadTaskPool}, faster, no isolation).
 * Every answer is a pickled {@code TaskResult}, timeouts and rejections included, except
 * a payload refused while loading, which is a {@link CloudPickleBodyException} (400/403).
 */
@Component
public class TaskRunner implements DisposableBean {

	private static final Log logger = LogFactory.getLog(TaskRunner.class);

	private static final String SERVER = "pid " + ProcessHandle.current().pid();

	private final TaskPool pool;

	private final long maxMillis;

	private final PickleService pickleService;

	private final Path workDirectory;

	private final ClassExchange classes;

	public TaskRunner(ComputeProperties properties, SalesDataset dataset, PickleService pickleService,
			Environment environment) throws IOException {
		this.pickleService = pickleService;
		this.maxMillis = properties.taskTimeout().toMillis();
		if (properties.isolation() == ComputeProperties.Isolation.THREAD) {
			this.workDirectory = null;
			this.classes = new ClassExchange(pickleService, null);
			this.pool = new ThreadTaskPool(properties, new TaskExecution(dataset.data(), properties.maxResultRows()),
					pickleService);
		}
		else {
			this.workDirectory = Files.createTempDirectory("compute-workers");
			this.classes = new ClassExchange(pickleService, new HeldClassStore(properties.classStore().maxClasses(),
					properties.classStore().maxBytes().toBytes()));
			Path data = dataset.file(this.workDirectory);
			Binder binder = Binder.get(environment);
			List<String> allowed = binder
				.bind("cloudpickle.security.allowed-by-value-packages", Bindable.listOf(String.class))
				.orElse(List.of());
			BytecodeLevel level = binder.bind("cloudpickle.security.bytecode-level", BytecodeLevel.class)
				.orElse(BytecodeLevel.STANDARD);
			this.pool = new ProcessTaskPool(properties,
					ProcessTaskPool.command(properties, this.workDirectory, (name) -> WorkerSettings.arguments(name,
							data.toString(), properties.maxResultRows(), allowed, level, pickleService.limits())),
					this::pickle);
		}
	}

	/**
	 * Runs a task within {@code requestedMillis} (if given and lower than
	 * {@code compute.task-timeout}) and returns the pickled {@code TaskResult}, with the
	 * classes the server now holds for the caller.
	 * @throws CloudPickleBodyException if loading refused the payload, or 409 if it names
	 * classes by hash that the server does not hold
	 */
	public Answer run(TaskKind kind, Pickled<Object> body, Long requestedMillis) {
		long limit = (requestedMillis != null && requestedMillis > 0) ? Math.min(requestedMillis, this.maxMillis)
				: this.maxMillis;
		long start = System.nanoTime();
		ClassExchange.Request request = this.classes.prepare(body);
		Job job = this.pool.submit(kind, body, request.payload(), start + TimeUnit.MILLISECONDS.toNanos(limit));
		Outcome outcome;
		if (job == null) {
			PoolStats stats = this.pool.stats();
			outcome = made(TaskResult.rejected("all " + stats.size() + " workers are busy and " + stats.queued()
					+ " tasks are waiting; try again later", SERVER));
		}
		else {
			outcome = await(job, limit, start);
		}
		List<String> held = this.classes.held(request, outcome);
		logger
			.info(String.format("%s (%,d bytes, %d classes by hash): %s in %.1f ms on %s%s", kind.name().toLowerCase(),
					body.length(), request.namedByHash(), outcome.status(), (System.nanoTime() - start) / 1e6,
					outcome.executedBy(), outcome.detail().isEmpty() ? "" : ": " + outcome.detail()));
		return new Answer(outcome.pickled(), held);
	}

	/**
	 * What a task answers.
	 *
	 * @param pickled the pickled {@code TaskResult}
	 * @param held SHA-256 of the classes the body carried that the server now holds for
	 * the caller, to confirm in {@code Cloudpickle-Holds}
	 */
	public record Answer(byte[] pickled, List<String> held) {
	}

	/** The class store's counts, or null in thread isolation. */
	HeldClassStore.Counts classStoreCounts() {
		return this.classes.storeCounts();
	}

	private Outcome await(Job job, long limit, long start) {
		try {
			return job.answer.get(Math.max(0, job.remainingNanos()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			this.pool.cancel(job);
			String by = (job.executedBy != null) ? job.executedBy : SERVER + " (still queued)";
			return made(TaskResult.timedOut(limit, micros(start), by));
		}
		catch (InterruptedException ex) {
			this.pool.cancel(job);
			Thread.currentThread().interrupt();
			return made(TaskResult.failed(ex, micros(start), SERVER));
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof CloudPickleBodyException refused) {
				throw refused;
			}
			return made(TaskResult.failed(ex.getCause(), micros(start), String.valueOf(job.executedBy)));
		}
	}

	/** An answer the server makes itself (timeouts, rejections). */
	private Outcome made(TaskResult<?> result) {
		return Outcome.of(result, pickle(result));
	}

	byte[] pickle(TaskResult<?> result) {
		return TaskExecution.pickle(result, this.pickleService::dumps);
	}

	/** The pool's counts and capacity. */
	public PoolStats stats() {
		return this.pool.stats();
	}

	private static long micros(long startNanos) {
		return (System.nanoTime() - startNanos) / 1000;
	}

	@Override
	public void destroy() throws IOException {
		this.pool.close();
		if (this.workDirectory != null) {
			try (Stream<Path> files = Files.walk(this.workDirectory)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

}
