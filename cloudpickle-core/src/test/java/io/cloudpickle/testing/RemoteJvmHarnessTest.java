package io.cloudpickle.testing;

import java.util.List;

import com.acme.analytics.harness.HarnessMarker;
import com.acme.analytics.harness.HarnessTasks;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Self-test of the cross-JVM harness: the child's classpath holds cloudpickle-core and
 * its runtime dependencies only, the child runs on the test JVM's java.home, failures
 * come back as {@link RemoteFailure}, a hung child times out.
 */
class RemoteJvmHarnessTest {

	private static Pickler pickler() {
		return Pickler.builder().byValuePackages("com.acme.analytics").build();
	}

	private static RemoteJvm child;

	@BeforeAll
	static void startChild() {
		child = RemoteJvm.start(List.of("-XshowSettings:properties", "-Dcloudpickle.harness.flag=on"));
	}

	@AfterAll
	static void stopChild() {
		if (child != null) {
			child.close();
		}
	}

	@Test
	void fixtureClassesAreAbsentInTheChildButPresentInTheParent() throws Exception {
		assertThat(Class.forName(HarnessMarker.NAME, false, ClassLoader.getSystemClassLoader())).isNotNull();
		assertThat(child.hasClass(HarnessMarker.NAME)).isFalse();
		assertThat(child.hasClass("com.acme.analytics.harness.HarnessTasks")).isFalse();
		// no other test class, and no test library, either
		assertThat(child.hasClass(RemoteJvm.class.getName())).isFalse();
		assertThat(child.hasClass(RemoteJvmHarnessTest.class.getName())).isFalse();
		assertThat(child.hasClass("org.junit.jupiter.api.Test")).isFalse();
		assertThat(child.hasClass("org.assertj.core.api.Assertions")).isFalse();
	}

	@Test
	void coreAndItsRuntimeDependenciesArePresentInTheChild() {
		assertThat(child.hasClass("io.cloudpickle.CloudPickle")).isTrue();
		assertThat(child.hasClass("io.cloudpickle.Pickler")).isTrue();
		assertThat(child.hasClass("org.objectweb.asm.ClassReader")).isTrue();
		assertThat(child.hasClass(RemoteWorker.class.getName())).isTrue();
		assertThat(child.hasClass("java.util.function.Function")).isTrue();
	}

	@Test
	void childRunsOnTheTestJvmsJavaHomeWithTheExtraArguments() {
		// -XshowSettings:properties prints the child's system properties on stderr at
		// start-up
		String err = child.stderr();
		assertThat(err).contains("java.home = " + System.getProperty("java.home"));
		assertThat(err).contains("cloudpickle.harness.flag = on");
		assertThat(err).contains("java.specification.version = " + System.getProperty("java.specification.version"));
	}

	@Test
	void aTaskRunsInTheChildProcessAndItsStdoutDoesNotCorruptTheProtocol() {
		long childPid = (Long) child.call(pickler().dumps(HarnessTasks.chattyPid()));
		assertThat(childPid).isEqualTo(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
		assertThat(child.stderr()).contains("hello from the child on System.out");
		// the fixture really is not reachable by name in the child, even from inside a
		// shipped task
		assertThat((Boolean) child.call(pickler().dumps(HarnessTasks.markerVisibleOnSystemLoader()))).isFalse();
	}

	@Test
	void aFailingTaskBecomesRemoteFailureAndTheChildSurvives() {
		assertThatThrownBy(() -> child.call(pickler().dumps(HarnessTasks.failing("boom 42"))))
			.isInstanceOf(RemoteFailure.class)
			.hasMessageContaining("java.lang.IllegalStateException")
			.hasMessageContaining("boom 42")
			.hasMessageContaining("at io.cloudpickle.testing.RemoteWorker")
			.isInstanceOfSatisfying(RemoteFailure.class, (f) -> {
				assertThat(f.remoteExceptionClass()).isEqualTo("java.lang.IllegalStateException");
				assertThat(f.remoteIsA("java.lang.RuntimeException")).isTrue();
				assertThat(f.remoteMessage()).isEqualTo("boom 42");
				assertThat(f.remoteStackTrace()).contains("HarnessTasks");
			});
		// still alive
		assertThat(child.hasClass("io.cloudpickle.CloudPickle")).isTrue();
	}

	@Test
	void garbageInputIsAPickleExceptionInTheChild() {
		assertThatThrownBy(() -> child.loadAndDescribe(new byte[] { 1, 2, 3, 4, 5 })).isInstanceOfSatisfying(
				RemoteFailure.class,
				f -> assertThat(f.remoteIsA("io.cloudpickle.PickleException")).as(f.getMessage()).isTrue());
		assertThat(child.hasClass("io.cloudpickle.CloudPickle")).isTrue();
	}

	@Test
	void aHungChildTimesOutInsteadOfHangingTheBuild() {
		try (RemoteJvm slow = RemoteJvm.start(List.of(), 3)) {
			long t0 = System.nanoTime();
			assertThatThrownBy(() -> slow.call(pickler().dumps(HarnessTasks.sleeper(600_000))))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("did not reply within 3 s");
			assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(30);
		}
	}

}
