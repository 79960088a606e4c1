package io.cloudpickle.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.cloudpickle.CloudPickle;

/**
 * A child JVM for cross-JVM tests. Its classpath is cloudpickle-core's main classes,
 * core's runtime dependencies, any extra entries the caller names
 * ({@link #start(List, List)}) and a temporary directory holding only
 * {@code io/cloudpickle/testing/RemoteWorker*.class}: no test class or fixture is visible
 * there, so every class shipped by value really is absent on the receiver.
 * <p>
 * The child runs {@link RemoteWorker}. Every reply is awaited at most
 * {@link #timeoutSeconds()} seconds (system property
 * {@code cloudpickle.test.remoteTimeoutSeconds}, default 300); on timeout the child is
 * destroyed and the call fails, so a hung child fails the test instead of hanging the
 * build. The bound is generous on purpose, for a loaded two-core machine; the slowest
 * reply of each child is printed when it closes (with the slowest of the whole run so
 * far), so the margin can be read from the build log.
 * <p>
 * Not thread-safe across concurrent callers on purpose: calls are serialized
 * ({@code synchronized}).
 */
public final class RemoteJvm implements AutoCloseable {

	private static final String MAIN_CLASSES = "cloudpickle.test.mainClasses";

	private static final String TEST_CLASSES = "cloudpickle.test.testClasses";

	private static final String RUNTIME_CP_FILE = "cloudpickle.test.runtimeClasspathFile";

	private final Process process;

	private final Path workerDir;

	private final DataOutputStream toChild;

	private final DataInputStream fromChild;

	private final ByteArrayOutputStream stderrBuffer = new ByteArrayOutputStream();

	private final Thread stderrPump;

	private final ExecutorService replyReader;

	private final long timeoutSeconds;

	private boolean broken;

	private long calls;

	private long slowestReplyNanos;

	/** The slowest reply of any child in this test JVM so far. */
	private static final AtomicLong SLOWEST_OF_RUN = new AtomicLong();

	private boolean closed;

	private RemoteJvm(List<String> extraJvmArgs, List<Path> extraClasspath, long timeoutSeconds) {
		this.timeoutSeconds = timeoutSeconds;
		try {
			this.workerDir = Files.createTempDirectory("cloudpickle-remote-worker");
			copyWorkerClasses(this.workerDir);
			List<String> classpath = new ArrayList<>();
			classpath.add(mainClassesDir().toString());
			classpath.addAll(runtimeDependencies());
			for (Path entry : extraClasspath) {
				classpath.add(entry.toString());
			}
			classpath.add(this.workerDir.toString());

			List<String> command = new ArrayList<>();
			command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
			command.add("-XX:+UseSerialGC");
			command.add("-XX:TieredStopAtLevel=1");
			command.add("-Xshare:auto");
			command.add("-Dfile.encoding=UTF-8");
			command.addAll(extraJvmArgs);
			command.add("-cp");
			command.add(String.join(File.pathSeparator, classpath));
			command.add(RemoteWorker.class.getName());

			ProcessBuilder builder = new ProcessBuilder(command);
			builder.environment().remove("JAVA_TOOL_OPTIONS");
			builder.environment().remove("JDK_JAVA_OPTIONS");
			builder.environment().remove("_JAVA_OPTIONS");
			builder.environment().remove("CLASSPATH");
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start child JVM", ex);
		}
		this.toChild = new DataOutputStream(new BufferedOutputStream(this.process.getOutputStream(), 1 << 16));
		this.fromChild = new DataInputStream(new BufferedInputStream(this.process.getInputStream(), 1 << 16));
		this.stderrPump = new Thread(this::pumpStderr, "remote-jvm-stderr-" + this.process.pid());
		this.stderrPump.setDaemon(true);
		this.stderrPump.start();
		this.replyReader = Executors.newSingleThreadExecutor(r -> {
			Thread t = new Thread(r, "remote-jvm-reply-" + this.process.pid());
			t.setDaemon(true);
			return t;
		});
		// Make sure the child is up and speaks the protocol before handing it out.
		byte[] pong = exchange(RemoteWorker.CMD_PING, new byte[] { 42 });
		if (pong.length != 1 || pong[0] != 42) {
			close();
			throw new IllegalStateException("child JVM answered ping with garbage; stderr:\n" + stderr());
		}
	}

	/** Starts a child JVM on the same {@code java.home} as the test JVM. */
	public static RemoteJvm start() {
		return start(List.of());
	}

	/**
	 * Starts a child JVM on the same {@code java.home} as the test JVM with extra JVM
	 * options (e.g. {@code -Dk=v}).
	 */
	public static RemoteJvm start(List<String> extraJvmArgs) {
		return start(extraJvmArgs, List.of());
	}

	/**
	 * As {@link #start(List)}, with extra class path entries (jars or directories) after
	 * core's runtime dependencies: libraries the receiver has but the test must not ship,
	 * e.g. the vulnerable libraries of the gadget tests.
	 */
	public static RemoteJvm start(List<String> extraJvmArgs, List<Path> extraClasspath) {
		return new RemoteJvm(List.copyOf(extraJvmArgs), List.copyOf(extraClasspath),
				Long.getLong("cloudpickle.test.remoteTimeoutSeconds", 300L));
	}

	/**
	 * As {@link #start(List)} with an explicit reply timeout (harness self-tests use a
	 * short one).
	 */
	static RemoteJvm start(List<String> extraJvmArgs, long timeoutSeconds) {
		return new RemoteJvm(List.copyOf(extraJvmArgs), List.of(), timeoutSeconds);
	}

	/**
	 * Child: {@code obj = CloudPickle.loads(payload)}, runs it ({@code Callable.call},
	 * {@code Supplier.get}, {@code Runnable.run} → {@code null}) and replies
	 * {@code CloudPickle.dumps(result)}; here the reply is {@code CloudPickle.loads}-ed
	 * and returned.
	 * @throws RemoteFailure if loading or running the task threw in the child
	 */
	public Object call(byte[] payload) {
		return CloudPickle.loads(callRaw(payload));
	}

	/** As {@link #call(byte[])} but returns the child's pickled result bytes unparsed. */
	public byte[] callRaw(byte[] payload) {
		return exchange(RemoteWorker.CMD_CALL, payload);
	}

	/**
	 * Child replies {@code CloudPickle.dumps(CloudPickle.loads(payload))}: re-pickles
	 * onward (A → B → C).
	 */
	public byte[] echo(byte[] payload) {
		return exchange(RemoteWorker.CMD_ECHO, payload);
	}

	/**
	 * Child loads the payload and replies {@code String.valueOf(obj)} (the result is not
	 * pickled).
	 */
	public String loadAndDescribe(byte[] payload) {
		return new String(exchange(RemoteWorker.CMD_DESCRIBE, payload), StandardCharsets.UTF_8);
	}

	/**
	 * Whether {@code Class.forName(name, false, systemClassLoader)} succeeds in the
	 * child.
	 */
	public boolean hasClass(String className) {
		byte[] answer = exchange(RemoteWorker.CMD_HAS_CLASS, className.getBytes(StandardCharsets.UTF_8));
		return answer.length == 1 && answer[0] == 1;
	}

	/**
	 * What the child printed on stderr so far (shipped tasks' {@code System.out} goes
	 * there too).
	 */
	public String stderr() {
		synchronized (this.stderrBuffer) {
			return this.stderrBuffer.toString(StandardCharsets.UTF_8);
		}
	}

	/** The child's process id. */
	public long pid() {
		return this.process.pid();
	}

	/** Reply timeout in seconds. */
	public long timeoutSeconds() {
		return this.timeoutSeconds;
	}

	/**
	 * Sends the quit command, waits for the child to exit, destroys it if it does not.
	 * Idempotent.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			if (!this.broken && this.process.isAlive()) {
				try {
					writeFrame(RemoteWorker.CMD_QUIT, new byte[0]);
					Future<Object> bye = this.replyReader.submit(() -> {
						this.fromChild.readByte();
						return null;
					});
					bye.get(5, TimeUnit.SECONDS);
				}
				catch (Exception ignored) {
					// fall through to destroy
				}
			}
			try {
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
					this.process.waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				this.process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
		finally {
			this.replyReader.shutdownNow();
			deleteRecursively(this.workerDir);
			System.out.printf(
					"[remote jvm %d] %d replies, slowest %.0f ms (limit %d s; slowest of the run so far %.0f ms)%n",
					this.process.pid(), this.calls, this.slowestReplyNanos / 1e6, this.timeoutSeconds,
					SLOWEST_OF_RUN.get() / 1e6);
		}
	}

	private synchronized byte[] exchange(byte command, byte[] body) {
		if (this.closed) {
			throw new IllegalStateException("child JVM is closed");
		}
		if (this.broken) {
			throw new IllegalStateException(
					"child JVM is unusable after an earlier protocol failure; stderr:\n" + stderr());
		}
		Future<Object[]> reply;
		try {
			writeFrame(command, body);
			reply = this.replyReader.submit(() -> {
				byte status = this.fromChild.readByte();
				int length = this.fromChild.readInt();
				byte[] answer = new byte[length];
				this.fromChild.readFully(answer);
				return new Object[] { status, answer };
			});
		}
		catch (IOException ex) {
			this.broken = true;
			throw new IllegalStateException("cannot write to child JVM (" + exitText() + "); stderr:\n" + stderr(), ex);
		}
		Object[] result;
		long start = System.nanoTime();
		try {
			result = reply.get(this.timeoutSeconds, TimeUnit.SECONDS);
			long nanos = System.nanoTime() - start;
			this.calls++;
			this.slowestReplyNanos = Math.max(this.slowestReplyNanos, nanos);
			SLOWEST_OF_RUN.accumulateAndGet(nanos, Math::max);
		}
		catch (TimeoutException ex) {
			this.broken = true;
			reply.cancel(true);
			this.process.destroyForcibly();
			throw new IllegalStateException(
					"child JVM did not reply within " + this.timeoutSeconds + " s; destroyed it. stderr:\n" + stderr());
		}
		catch (ExecutionException ex) {
			this.broken = true;
			Throwable cause = ex.getCause();
			String why = (cause instanceof EOFException) ? "child JVM closed its stdout" : "cannot read reply";
			throw new IllegalStateException(why + " (" + exitText() + "); stderr:\n" + stderr(), cause);
		}
		catch (InterruptedException ex) {
			this.broken = true;
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for the child JVM", ex);
		}
		byte status = (Byte) result[0];
		byte[] answer = (byte[]) result[1];
		if (status == RemoteWorker.STATUS_OK) {
			return answer;
		}
		throw RemoteFailure.parse(new String(answer, StandardCharsets.UTF_8));
	}

	private void writeFrame(byte command, byte[] body) throws IOException {
		this.toChild.writeInt(body.length);
		this.toChild.writeByte(command);
		this.toChild.write(body);
		this.toChild.flush();
	}

	private String exitText() {
		try {
			if (this.process.waitFor(2, TimeUnit.SECONDS)) {
				return "exit code " + this.process.exitValue();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return "still running";
	}

	private void pumpStderr() {
		byte[] buffer = new byte[8192];
		try (InputStream err = this.process.getErrorStream()) {
			int n;
			while ((n = err.read(buffer)) > 0) {
				synchronized (this.stderrBuffer) {
					this.stderrBuffer.write(buffer, 0, n);
				}
			}
		}
		catch (IOException ignored) {
			// child went away
		}
	}

	// ---- classpath of the child ----

	private static Path mainClassesDir() {
		String configured = System.getProperty(MAIN_CLASSES);
		if (configured != null && !configured.isBlank()) {
			return Paths.get(configured);
		}
		return codeSource(CloudPickle.class);
	}

	private static Path testClassesDir() {
		String configured = System.getProperty(TEST_CLASSES);
		if (configured != null && !configured.isBlank()) {
			return Paths.get(configured);
		}
		return codeSource(RemoteWorker.class);
	}

	private static List<String> runtimeDependencies() throws IOException {
		String file = System.getProperty(RUNTIME_CP_FILE);
		if (file == null || file.isBlank()) {
			throw new IllegalStateException("system property " + RUNTIME_CP_FILE
					+ " is not set: run the tests through Maven (surefire sets it in cloudpickle-core/pom.xml)");
		}
		String text = Files.readString(Paths.get(file), StandardCharsets.UTF_8).trim();
		List<String> entries = new ArrayList<>();
		for (String entry : text.split(File.pathSeparator)) {
			if (!entry.isBlank()) {
				entries.add(entry.trim());
			}
		}
		return entries;
	}

	private static void copyWorkerClasses(Path target) throws IOException {
		Path source = testClassesDir().resolve("io/cloudpickle/testing");
		Path dest = target.resolve("io/cloudpickle/testing");
		Files.createDirectories(dest);
		int copied = 0;
		try (Stream<Path> files = Files.list(source)) {
			for (Path p : (Iterable<Path>) files::iterator) {
				String name = p.getFileName().toString();
				if (name.startsWith("RemoteWorker") && name.endsWith(".class")) {
					Files.copy(p, dest.resolve(name));
					copied++;
				}
			}
		}
		if (copied == 0) {
			throw new IllegalStateException("no RemoteWorker*.class under " + source);
		}
	}

	private static Path codeSource(Class<?> type) {
		try {
			return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException | RuntimeException ex) {
			throw new IllegalStateException("cannot locate the classes of " + type.getName(), ex);
		}
	}

	private static void deleteRecursively(Path root) {
		if (root == null || !Files.exists(root)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(root)) {
			walk.sorted(Comparator.reverseOrder()).forEach(p -> {
				try {
					Files.deleteIfExists(p);
				}
				catch (IOException ignored) {
					// best effort
				}
			});
		}
		catch (IOException ignored) {
			// best effort
		}
	}

}
