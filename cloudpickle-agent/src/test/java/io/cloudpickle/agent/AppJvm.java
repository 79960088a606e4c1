package io.cloudpickle.agent;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.acme.attach.AgentApp;

/**
 * A JVM running {@link AgentApp} (one answer line per command line), started with
 * {@code java} of this JVM's {@code java.home}, so that it runs on the JDK the test runs
 * on. Every answer is awaited at most a minute; the JVM is destroyed on close.
 */
final class AppJvm implements AutoCloseable {

	private static final long TIMEOUT_SECONDS = 60;

	private final Process process;

	private final Path stderr;

	private final BufferedWriter commands;

	private final BufferedReader answers;

	private AppJvm(Process process, Path stderr) {
		this.process = process;
		this.stderr = stderr;
		this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
		this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	/**
	 * Starts {@code java <jvmOptions> <arguments>} (the arguments name the class path and
	 * main class, or {@code -jar}).
	 */
	static AppJvm start(List<String> jvmOptions, List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-XX:+UseSerialGC");
		command.add("-XX:TieredStopAtLevel=1");
		command.addAll(jvmOptions);
		command.addAll(arguments);
		try {
			Path stderr = Files.createTempFile("agent-app", ".err");
			ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
			builder.environment().remove("JAVA_TOOL_OPTIONS");
			builder.environment().remove("JDK_JAVA_OPTIONS");
			builder.environment().remove("CLASSPATH");
			return new AppJvm(builder.start(), stderr);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + command, ex);
		}
	}

	/**
	 * The class path of {@link AgentApp}: cloudpickle-core, its dependencies and this
	 * module's test classes, without the agent.
	 */
	static String appClassPath() {
		List<String> entries = new ArrayList<>();
		entries.add(System.getProperty("cloudpickle.test.mainClasses"));
		entries.addAll(coreRuntimeClassPath());
		entries.add(System.getProperty("cloudpickle.test.agentTestClasses"));
		return String.join(File.pathSeparator, entries);
	}

	/** cloudpickle-core's runtime dependencies (jars). */
	static List<String> coreRuntimeClassPath() {
		try {
			String text = Files
				.readString(Paths.get(System.getProperty("cloudpickle.test.runtimeClasspathFile")),
						StandardCharsets.UTF_8)
				.trim();
			List<String> entries = new ArrayList<>();
			for (String entry : text.split(File.pathSeparator)) {
				if (!entry.isBlank()) {
					entries.add(entry.trim());
				}
			}
			return entries;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	long pid() {
		return this.process.pid();
	}

	/** Sends one command and returns the answer line. */
	String ask(String command) throws Exception {
		this.commands.write(command);
		this.commands.newLine();
		this.commands.flush();
		return nextLine();
	}

	/** The next line the application prints (for applications run with arguments). */
	String nextLine() throws Exception {
		String line = CompletableFuture.supplyAsync(this::readLine).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		if (line == null) {
			throw new IllegalStateException("the application ended without an answer; stderr:\n" + stderr());
		}
		return line;
	}

	private String readLine() {
		try {
			return this.answers.readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The payload of a {@code PAYLOAD <kind> <base64>} answer. */
	static byte[] payload(String answer) {
		String[] parts = answer.split(" ", 3);
		if (parts.length != 3 || !parts[0].equals("PAYLOAD")) {
			throw new AssertionError("not a payload: " + answer);
		}
		return Base64.getDecoder().decode(parts[2]);
	}

	String stderr() {
		try {
			return Files.readString(this.stderr, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(unreadable: " + ex + ")";
		}
	}

	/** Waits for the exit and returns the exit code. */
	int await() throws InterruptedException {
		if (!this.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the application did not end; stderr:\n" + stderr());
		}
		return this.process.exitValue();
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
		Files.deleteIfExists(this.stderr);
	}

}
