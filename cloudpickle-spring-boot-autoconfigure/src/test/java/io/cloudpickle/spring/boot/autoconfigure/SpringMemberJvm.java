package io.cloudpickle.spring.boot.autoconfigure;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.example.members.BeanMemberApplication;

/**
 * A Spring Boot member ({@link BeanMemberApplication}) in a child JVM on the test's own
 * {@code java.home}. Its class path is this module's main classes, its compile-scope
 * dependencies (Spring Boot, Hazelcast, cloudpickle-core, cloudpickle-hazelcast, ASM) and
 * a directory holding only package {@code com.example.members}: none of the test's
 * closures.
 */
final class SpringMemberJvm implements AutoCloseable {

	private final Process process;

	private final Path classes;

	private final StringBuffer output = new StringBuffer();

	private final CompletableFuture<String> ready = new CompletableFuture<>();

	private SpringMemberJvm(List<String> arguments) throws IOException {
		this.classes = Files.createTempDirectory("cloudpickle-spring-member");
		Path testClasses = Paths.get(System.getProperty("cloudpickle.test.testClasses"));
		Path members = Path.of("com", "example", "members");
		Files.createDirectories(this.classes.resolve(members));
		try (Stream<Path> files = Files.list(testClasses.resolve(members))) {
			for (Path file : (Iterable<Path>) files::iterator) {
				Files.copy(file, this.classes.resolve(members).resolve(file.getFileName()));
			}
		}
		List<String> classpath = new ArrayList<>();
		classpath.add(System.getProperty("cloudpickle.test.mainClasses"));
		for (String entry : Files
			.readString(Paths.get(System.getProperty("cloudpickle.test.memberClasspathFile")), StandardCharsets.UTF_8)
			.trim()
			.split(File.pathSeparator)) {
			if (!entry.isBlank()) {
				classpath.add(entry.trim());
			}
		}
		classpath.add(this.classes.toString());
		List<String> command = new ArrayList<>(
				List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
						"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
						String.join(File.pathSeparator, classpath), BeanMemberApplication.class.getName()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().remove("CLASSPATH");
		this.process = builder.start();
		Thread pump = new Thread(this::pump, "spring-member-output-" + this.process.pid());
		pump.setDaemon(true);
		pump.start();
	}

	/**
	 * Starts a member with these application arguments; {@link #awaitReady} waits for it.
	 */
	static SpringMemberJvm start(List<String> arguments) {
		try {
			return new SpringMemberJvm(arguments);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void pump() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				this.output.append(line).append('\n');
				if (line.startsWith("MEMBER READY ")) {
					this.ready.complete(line.substring("MEMBER READY ".length()).trim());
				}
			}
		}
		catch (IOException ignored) {
			// the member is gone
		}
		this.ready.completeExceptionally(new IllegalStateException("member exited before it was ready"));
	}

	/** Waits for the member to start; returns its Hazelcast member UUID. */
	String awaitReady() {
		try {
			return this.ready.get(120, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("member did not start: " + ex + "\n" + this.output, ex);
		}
	}

	String output() {
		return this.output.toString();
	}

	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (IOException | InterruptedException ex) {
			this.process.destroyForcibly();
		}
		try (Stream<Path> files = Files.walk(this.classes)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ignored) {
			// a temporary directory
		}
	}

}
