package io.cloudpickle.graph;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.example.fixtures.Task;

import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;
import io.cloudpickle.testing.RemoteFailure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One child JVM per test class, whose class path lacks every {@code com.example.fixtures}
 * class, and a pickler that ships that package by value to it.
 */
abstract class FixtureChildTest {

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	static Pickler pickler;

	@BeforeAll
	static void startChild() {
		pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
	}

	static Object runInChild(Task<?> task) {
		return child.call(pickler.dumps(task));
	}

	/**
	 * For graphs the engine may refuse: either pickling fails with a
	 * {@link PickleException} whose message holds {@code dumpsRefusal}, or loading fails
	 * in the child with a PickleException, or the task returns {@code expected}. Anything
	 * else (another exception, an Error, a wrong value) fails, and so does a refusal that
	 * is a StackOverflowError wrapped in a PickleException: its cause chain (here) or the
	 * child's stack trace must hold none.
	 */
	static void assertReturnsOrIsRefusedCleanly(Task<?> task, Object expected, String dumpsRefusal) {
		byte[] payload;
		try {
			payload = pickler.dumps(task);
		}
		catch (PickleException refused) {
			assertThat(refused).hasMessageContaining(dumpsRefusal);
			for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
				assertThat(cause).as("the cause chain of the sender's refusal")
					.isNotInstanceOf(StackOverflowError.class);
			}
			return;
		}
		Object result;
		try {
			result = child.call(payload);
		}
		catch (RemoteFailure f) {
			assertThat(f.remoteExceptionClass()).endsWith("PickleException");
			assertThat(f.remoteMessage() + "\n" + f.remoteStackTrace()).as("the child's refusal")
				.doesNotContain(StackOverflowError.class.getName());
			return;
		}
		assertThat(result).isEqualTo(expected);
	}

}
