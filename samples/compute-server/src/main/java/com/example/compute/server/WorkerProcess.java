package com.example.compute.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.compute.worker.TaskKind;
import com.example.compute.worker.WorkerProtocol;

/**
 * One worker JVM: started with an empty environment (so none of the server's secrets),
 * spoken to over its stdin and stdout; its stderr goes to the server's.
 */
final class WorkerProcess {

	private final String name;

	private final Process process;

	private final DataOutputStream toWorker;

	private final DataInputStream fromWorker;

	private int tasks;

	private WorkerProcess(String name, Process process) {
		this.name = name;
		this.process = process;
		this.toWorker = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
		this.fromWorker = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
	}

	/** Starts a worker; returns once it has loaded its dataset and said so. */
	static WorkerProcess start(String name, List<String> command) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
		builder.environment().clear();
		WorkerProcess worker = new WorkerProcess(name, builder.start());
		try {
			WorkerProtocol.readReady(worker.fromWorker);
		}
		catch (IOException ex) {
			worker.kill();
			throw new IOException("worker did not start (" + worker.exitDescription() + "): " + ex.getMessage(), ex);
		}
		return worker;
	}

	/** Sends a task and waits for the answer (or for the process to end). */
	WorkerProtocol.Answer call(TaskKind kind, byte[] payload, int maxResultBytes) throws IOException {
		this.tasks++;
		WorkerProtocol.writeTask(this.toWorker, kind, payload);
		return WorkerProtocol.readAnswer(this.fromWorker, maxResultBytes);
	}

	String name() {
		return this.name;
	}

	int tasks() {
		return this.tasks;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Kills it at once; a blocked {@link #call} then ends with an exception. */
	void kill() {
		this.process.destroyForcibly();
	}

	/** Ends it: closes its input, which it takes as the end, then kills it if need be. */
	void stop() {
		try {
			this.toWorker.close();
			if (!this.process.waitFor(2, TimeUnit.SECONDS)) {
				kill();
			}
		}
		catch (IOException ex) {
			kill();
		}
		catch (InterruptedException ex) {
			kill();
			Thread.currentThread().interrupt();
		}
	}

	/** How it ended, for messages: "exit code 3", or "still running". */
	String exitDescription() {
		try {
			if (this.process.waitFor(1, TimeUnit.SECONDS)) {
				return "exit code " + this.process.exitValue();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return "still running";
	}

}
