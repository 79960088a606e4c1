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
	 * else (another exception, an Error, a wrong value) fails.
	 */
	static void assertReturnsOrIsRefusedCleanly(Task<?> task, Object expected, String dumpsRefusal) {
		byte[] payload;
		try {
			payload = pickler.dumps(task);
		}
		catch (PickleException refused) {
			assertThat(refused).hasMessageContaining(dumpsRefusal);
			return;
		}
		Object result;
		try {
			result = child.call(payload);
		}
		catch (RemoteFailure f) {
			assertThat(f.remoteExceptionClass()).endsWith("PickleException");
			return;
		}
		assertThat(result).isEqualTo(expected);
	}

}
