package io.cloudpickle.robustness;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;

import com.example.fixtures.Task;
import com.example.fixtures.refuse.Conn;
import com.example.fixtures.refuse.RefuseTasks;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Things that cannot travel are refused with a {@link PickleException} whose message
 * names the offending class and the object path (captured argument, field).
 */
class RefusalTest {

	private static Pickler pickler;

	@BeforeAll
	static void pickler() {
		pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
	}

	private static String refusal(Object graph) {
		Throwable thrown = null;
		try {
			pickler.dumps(graph);
		}
		catch (Throwable t) {
			thrown = t;
		}
		assertThat(thrown).as("pickling %s", graph).isInstanceOf(PickleException.class);
		return thrown.getMessage();
	}

	/**
	 * The lambda captures ("label", offender): the message names the class and says it is
	 * a captured value.
	 */
	private static void assertDirectCaptureRefused(Object offender) {
		String message = refusal(RefuseTasks.captureDirect("label", offender));
		assertThat(message).contains(offender.getClass().getName())
			.containsIgnoringCase("captured")
			.contains("RefuseTasks");
	}

	/** The lambda captures a Conn whose field {@code conn} holds the offender. */
	private static void assertFieldCaptureRefused(Object offender) {
		String message = refusal(RefuseTasks.captureInField(new Conn("db", offender)));
		assertThat(message).contains(offender.getClass().getName())
			.containsIgnoringCase("captured")
			.contains("conn")
			.contains("RefuseTasks");
	}

	@Test
	void threadIsRefusedNamingThePath() {
		Thread t = new Thread("not-started");
		assertDirectCaptureRefused(t);
		assertFieldCaptureRefused(t);
		assertFieldCaptureRefused(Thread.currentThread());
	}

	@Test
	void socketIsRefusedNamingThePath() throws Exception {
		try (Socket s = new Socket()) {
			assertDirectCaptureRefused(s);
			assertFieldCaptureRefused(s);
		}
	}

	@Test
	void inputStreamsAreRefusedNamingThePath(@TempDir Path dir) throws Exception {
		Path file = Files.writeString(dir.resolve("data.txt"), "data");
		try (InputStream in = new FileInputStream(file.toFile())) {
			assertDirectCaptureRefused(in);
			assertFieldCaptureRefused(in);
		}
		assertFieldCaptureRefused(System.in);
	}

	@Test
	void classLoadersAreRefusedNamingThePath() throws Exception {
		try (URLClassLoader loader = new URLClassLoader(new URL[0])) {
			assertDirectCaptureRefused(loader);
			assertFieldCaptureRefused(loader);
		}
		assertFieldCaptureRefused(ClassLoader.getSystemClassLoader());
	}

	@Test
	void executorsAreRefused() {
		ExecutorService pool = Executors.newSingleThreadExecutor();
		try {
			assertFieldCaptureRefused(pool);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aLockHeldWhilePicklingIsRefused() {
		ReentrantLock lock = new ReentrantLock();
		lock.lock();
		try {
			assertThat(refusal(RefuseTasks.captureInField(new Conn("guard", lock))))
				.contains(ReentrantLock.class.getName());
		}
		finally {
			lock.unlock();
		}
	}

	@Test
	void aFreeLockTravels() {
		ReentrantLock lock = new ReentrantLock();
		Pickler inJvm = Pickler.builder().useGlobalRegistry(false).build();
		Conn copy = (Conn) inJvm.loads(inJvm.dumps(new Conn("guard", lock)));
		ReentrantLock copied = (ReentrantLock) copy.conn();
		assertThat(copied.tryLock()).isTrue();
		copied.unlock();
	}

	@Test
	void refusalDeepInsideACollectionStillNamesTheClass() throws Exception {
		try (Socket s = new Socket()) {
			List<Object> items = new ArrayList<>(List.of("a", "b"));
			items.add(new Conn("inner", s));
			String message = refusal(RefuseTasks.captureInList(items));
			assertThat(message).contains("java.net.Socket").contains("conn");
		}
	}

	@Test
	void topLevelRefusalNamesTheClass() {
		assertThat(refusal(new Thread())).contains("java.lang.Thread");
		Task<Object> task = RefuseTasks.captureDirect("x", "fine");
		assertThat(pickler.dumps(task)).isNotEmpty();
	}

}
