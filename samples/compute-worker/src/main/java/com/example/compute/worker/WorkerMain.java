package com.example.compute.worker;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import com.example.compute.api.TaskResult;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.ClassGates;

/**
 * A worker process of the compute server: reads tasks (payload bytes) from stdin, loads
 * and runs each in its main thread, writes pickled results to stdout, and exits at the
 * end of its input. The server spawns it with its own heap and metaspace limits and an
 * empty environment, kills it past a task's deadline and replaces it; the worker asks to
 * be replaced itself after a task that hit an {@link Error} (out of memory, say) or left
 * threads running. So whatever a task does, it costs this process, never the server.
 *
 * <p>
 * Signatures were checked by the server; this process holds no key. It applies the class
 * gates and limits the server passes on its command line (see {@link WorkerSettings}),
 * also to the classes a client named by hash only, whose class files the server put back
 * into the payload it hands on (unsigned then: the server verified the body as it came).
 */
public final class WorkerMain {

	private WorkerMain() {
	}

	public static void main(String[] args) throws IOException {
		WorkerSettings settings = WorkerSettings.parse(Arrays.asList(args));
		// stdout carries the protocol: whatever tasks print goes to stderr instead.
		DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
		DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
		System.setOut(System.err);
		System.setIn(new ByteArrayInputStream(new byte[0]));

		SalesData data;
		try (InputStream csv = Files.newInputStream(Path.of(settings.dataset()))) {
			data = SalesData.readSnapshot(csv);
		}
		Pickler pickler = Pickler.builder()
			.classFilter(ClassGates.builder()
				.allowByValuePackages(settings.allowedPackages())
				.bytecodeLevel(settings.bytecodeLevel())
				.build())
			.limits(settings.limits())
			.build();
		data.warmUp();
		TaskExecution execution = new TaskExecution(data, settings.maxResultRows());
		String executedBy = "worker-" + settings.name() + "@pid " + ProcessHandle.current().pid();
		int baselineThreads = ManagementFactory.getThreadMXBean().getThreadCount();
		WorkerProtocol.writeReady(out);

		for (WorkerProtocol.Task task = WorkerProtocol.readTask(in,
				(int) settings.limits().maxPayloadBytes()); task != null; task = WorkerProtocol.readTask(in,
						(int) settings.limits().maxPayloadBytes())) {
			byte[] payload = task.payload();
			WorkerProtocol.Answer answer;
			boolean hitError = false;
			try {
				TaskResult<?> result = execution.execute(task.kind(), () -> pickler.loads(payload), executedBy);
				hitError = result.error() instanceof Error;
				answer = WorkerProtocol.Result.of(result, TaskExecution.pickle(result, pickler::dumps));
			}
			catch (PickleException ex) {
				answer = WorkerProtocol.Refusal.of(ex, false);
			}
			catch (Throwable ex) {
				// Thrown while loading but not by the engine: an Error of a constructor
				// or
				// initializer.
				hitError = true;
				TaskResult<?> failed = TaskResult.failed(ex, 0, executedBy);
				answer = WorkerProtocol.Result.of(failed, TaskExecution.pickle(failed, pickler::dumps));
			}
			boolean strayThreads = ManagementFactory.getThreadMXBean().getThreadCount() > baselineThreads;
			if (hitError || strayThreads) {
				answer = retiring(answer);
			}
			WorkerProtocol.writeAnswer(out, answer);
			if (answer.retire()) {
				System.err.println(executedBy + " retires: "
						+ (hitError ? "its task hit an Error" : "its task left threads running"));
				Runtime.getRuntime().halt(0);
			}
		}
	}

	private static WorkerProtocol.Answer retiring(WorkerProtocol.Answer answer) {
		if (answer instanceof WorkerProtocol.Result result) {
			return new WorkerProtocol.Result(result.pickled(), result.status(), result.detail(), true);
		}
		WorkerProtocol.Refusal refusal = (WorkerProtocol.Refusal) answer;
		return new WorkerProtocol.Refusal(refusal.kind(), refusal.name(), refusal.message(), true);
	}

}
