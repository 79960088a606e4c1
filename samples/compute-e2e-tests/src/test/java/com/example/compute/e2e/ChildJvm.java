package com.example.compute.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the sample jars as child JVMs, with their output in a file. */
final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final Path log;

	private ChildJvm(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	static ChildJvm start(String jar, Path log, String... args) throws IOException {
		return start(jar, log, Map.of(), args);
	}

	/** Starts {@code jar} with {@code environment} added to this JVM's environment. */
	static ChildJvm start(String jar, Path log, Map<String, String> environment, String... args) throws IOException {
		return start(List.of(), jar, log, environment, args);
	}

	/** As {@link #start(String, Path, Map, String...)}, with JVM options before -jar. */
	static ChildJvm start(List<String> jvmOptions, String jar, Path log, Map<String, String> environment,
			String... args) throws IOException {
		Path jarPath = Paths.get(jar);
		if (!Files.isRegularFile(jarPath)) {
			throw new IllegalStateException(jar + " is missing: build the samples first (mvn package)");
		}
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-Xshare:auto");
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jarPath.toString());
		command.addAll(List.of(args));
		return run(command, log, environment);
	}

	/**
	 * Runs {@code command} (a JVM, or a tool that starts one) with {@code environment}
	 * added to this JVM's environment and its output in {@code log}.
	 */
	static ChildJvm run(List<String> command, Path log, Map<String, String> environment) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().remove("CLASSPATH");
		builder.environment().putAll(environment);
		return new ChildJvm(builder.start(), log);
	}

	/**
	 * A fresh HMAC secret, base64, as bin/demo makes one per run for
	 * CLOUDPICKLE_HMAC_KEY.
	 */
	static String randomHmacKey() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return Base64.getEncoder().encodeToString(secret);
	}

	/** The child's process id. */
	long pid() {
		return this.process.pid();
	}

	/**
	 * Runs the JDK's {@code jcmd} (of the JDK that runs the child, which is this JVM's)
	 * against the child, e.g. {@code jcmd("GC.run")}, and returns its output.
	 */
	String jcmd(Duration timeout, String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>();
		line.add(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString());
		line.add(Long.toString(pid()));
		line.addAll(List.of(command));
		Path out = Files.createTempFile("jcmd", ".txt");
		try {
			Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(out.toFile()).start();
			if (!jcmd.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				jcmd.destroyForcibly();
				throw new IllegalStateException("jcmd " + command[0] + " did not finish within " + timeout);
			}
			String text = Files.readString(out, StandardCharsets.UTF_8);
			if (jcmd.exitValue() != 0) {
				throw new IllegalStateException(
						"jcmd " + String.join(" ", command) + " exited with " + jcmd.exitValue() + ":\n" + text);
			}
			return text;
		}
		finally {
			Files.deleteIfExists(out);
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** Waits until {@code url} answers 200 with {@code "UP"} in its body. */
	void awaitHealthy(String url, Duration timeout) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"the server exited with " + this.process.exitValue() + ":\n" + output());
			}
			try {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("the server was not healthy within " + timeout + ":\n" + output());
	}

	/** Waits for the exit and returns the exit code. */
	int await(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly();
			throw new IllegalStateException("did not finish within " + timeout + ":\n" + output());
		}
		return this.process.exitValue();
	}

	String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no output: " + ex + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
