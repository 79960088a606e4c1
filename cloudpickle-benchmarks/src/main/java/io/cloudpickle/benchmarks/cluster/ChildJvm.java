package io.cloudpickle.benchmarks.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the harness starts ({@code java -jar}, on the harness's own {@code java.home}):
 * its output is kept, and it is stopped with all its descendants (the compute server's
 * worker JVMs).
 */
final class ChildJvm implements AutoCloseable {

	private final String name;

	private final Process process;

	private final StringBuffer output = new StringBuffer();

	private ChildJvm(String name, Process process) {
		this.name = name;
		this.process = process;
		Thread pump = new Thread(this::pump, name + "-output");
		pump.setDaemon(true);
		pump.start();
	}

	static ChildJvm start(String name, List<String> jvmOptions, String jar, List<String> arguments,
			Map<String, String> environment) {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar);
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().putAll(environment);
		try {
			return new ChildJvm(name, builder.start());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + name, ex);
		}
	}

	private void pump() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				this.output.append(line).append('\n');
			}
		}
		catch (IOException ignored) {
			// the JVM is gone
		}
	}

	/** Waits until the output contains {@code text}. */
	void awaitOutput(String text, long seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (!this.output.toString().contains(text)) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited:\n" + this.output);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						this.name + " did not print '" + text + "' within " + seconds + " s:\n" + this.output);
			}
			Thread.sleep(100);
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	String output() {
		return this.output.toString();
	}

	/** Stops the JVM and its descendants: politely, then by force. */
	@Override
	public void close() {
		List<ProcessHandle> descendants = this.process.descendants().toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		descendants.forEach(ProcessHandle::destroyForcibly);
	}

	/** {@code count} distinct free TCP ports on the loopback address. */
	static List<Integer> freePorts(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			List<Integer> ports = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				sockets.add(socket);
				ports.add(socket.getLocalPort());
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ignored) {
					// only probed
				}
			}
		}
	}

}
