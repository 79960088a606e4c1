package io.cloudpickle.hazelcast;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cloudpickle.Pickler;
import io.cloudpickle.hazelcast.testing.LoopbackConfigs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM that starts and stops members keeps no runtime of a member that is gone: the
 * runtime is released when its member shuts down, and one whose configuration was never
 * started goes with the configuration.
 */
class MemberRuntimeLifecycleTest {

	@BeforeAll
	static void quietHazelcast() {
		Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
	}

	@Test
	void membersStartedAndStoppedInTurnLeaveNoRuntimeBehind() {
		List<MemberRuntime> before = MemberRuntime.registered();
		List<MemberRuntime> seen = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			List<Integer> port = LoopbackConfigs.freePorts(1);
			Config config = CloudPickleHazelcast.configureMember(
					LoopbackConfigs.member("lifecycle-" + UUID.randomUUID(), port.get(0), port),
					Pickler.builder().build());
			HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
			MemberRuntime runtime = MemberRuntime.of(member);
			seen.add(runtime);
			assertThat(MemberRuntime.registered()).contains(runtime);
			assertThat(MemberRuntime.of(null)).as("the newest member serves wrappers of unknown members")
				.isSameAs(runtime);
			if (i % 2 == 0) {
				member.shutdown();
			}
			else {
				member.getLifecycleService().terminate();
			}
			assertThat(MemberRuntime.registered()).doesNotContain(runtime);
		}
		assertThat(MemberRuntime.registered()).doesNotContainAnyElementsOf(seen)
			.containsExactlyInAnyOrderElementsOf(before);
	}

	@Test
	void aRuntimeWhoseConfigurationWasNeverStartedGoesWithIt() throws InterruptedException {
		int before = MemberRuntime.registered().size();
		WeakReference<MemberRuntime> dropped = configureAndDrop();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (dropped.get() != null && System.nanoTime() < deadline) {
			System.gc();
			Thread.sleep(50);
		}
		assertThat(dropped.get()).as("the runtime of a dropped configuration is collected").isNull();
		assertThat(MemberRuntime.registered()).hasSize(before);
	}

	private static WeakReference<MemberRuntime> configureAndDrop() {
		Config config = CloudPickleHazelcast.configureMember(new Config(), Pickler.builder().build());
		MemberRuntime runtime = (MemberRuntime) config.getUserContext().get(MemberRuntime.KEY);
		assertThat(MemberRuntime.registered()).contains(runtime);
		return new WeakReference<>(runtime);
	}

}
