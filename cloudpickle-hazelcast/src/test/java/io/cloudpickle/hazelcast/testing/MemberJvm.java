package io.cloudpickle.hazelcast.testing;

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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.cloudpickle.hazelcast.member.MemberMain;

/**
 * A cluster member in a child JVM on the test's own {@code java.home}. Its class path is
 * this module's main classes, its compile and provided dependencies (Hazelcast,
 * cloudpickle-core, ASM) and a directory holding only {@link MemberMain} and
 * {@link LoopbackConfigs}: none of the test's closures, exceptions or results.
 */
public final class MemberJvm implements AutoCloseable {

	private final Process process;

	private final Path mainDir;

	private final StringBuffer output = new StringBuffer();

	private final CompletableFuture<String> ready = new CompletableFuture<>();

	private MemberJvm(List<String> arguments) throws IOException {
		this.mainDir = Files.createTempDirectory("cloudpickle-member");
		copyClasses("io/cloudpickle/hazelcast/member", "MemberMain");
		copyClasses("io/cloudpickle/hazelcast/testing", "LoopbackConfigs");
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
		classpath.add(this.mainDir.toString());
		List<String> command = new ArrayList<>(
				List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
						"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
						String.join(File.pathSeparator, classpath), MemberMain.class.getName()));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().remove("CLASSPATH");
		this.process = builder.start();
		Thread pump = new Thread(this::pump, "member-output-" + this.process.pid());
		pump.setDaemon(true);
		pump.start();
	}

	private void copyClasses(String packagePath, String classPrefix) throws IOException {
		Path testClasses = Paths.get(System.getProperty("cloudpickle.test.testClasses"));
		Path target = Files.createDirectories(this.mainDir.resolve(packagePath));
		try (Stream<Path> files = Files.list(testClasses.resolve(packagePath))) {
			for (Path file : (Iterable<Path>) files::iterator) {
				if (file.getFileName().toString().startsWith(classPrefix)) {
					Files.copy(file, target.resolve(file.getFileName()));
				}
			}
		}
	}

	/** Starts a member; {@link #awaitReady} waits for it to join. */
	public static MemberJvm start(String cluster, int port, List<Integer> ports, String keyHex, String byValuePackage) {
		StringBuilder all = new StringBuilder();
		for (int member : ports) {
			all.append((all.length() > 0) ? "," : "").append(member);
		}
		try {
			return new MemberJvm(List.of(cluster, String.valueOf(port), all.toString(), keyHex, byValuePackage));
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
		this.ready.completeExceptionally(new IllegalStateException("member exited before joining:\n" + this.output));
	}

	/** Waits for the member to join; returns its member UUID. */
	public String awaitReady() {
		try {
			return this.ready.get(90, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("member did not start: " + ex + "\n" + this.output, ex);
		}
	}

	/** Kills the member at once, as a crash would. */
	public void kill() {
		this.process.destroyForcibly();
	}

	public String output() {
		return this.output.toString();
	}

	@Override
	public void close() {
		try {
			this.process.getOutputStream().close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (IOException | InterruptedException ex) {
			this.process.destroyForcibly();
		}
		try (Stream<Path> files = Files.walk(this.mainDir)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ignored) {
			// a temporary directory
		}
	}

}
