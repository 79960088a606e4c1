package io.cloudpickle.hazelcast;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.cloudpickle.Pickler;
import io.cloudpickle.hazelcast.closures.Tasks;
import io.cloudpickle.hazelcast.testing.LoopbackConfigs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two embedded members in one JVM (free loopback ports, no join wait), each prepared by
 * {@link CloudPickleHazelcast#configureMember}, called through the first member.
 */
class TwoEmbeddedMembersTest {

	private static final String MAP = "orders";

	private static final int ENTRIES = 2_000;

	private static HazelcastInstance first;

	private static HazelcastInstance second;

	private static CloudPickleHazelcast cluster;

	/** Ships the test's closures by value, as a caller whose classes the members lack. */
	private static final Pickler CALLER = Pickler.builder()
		.useGlobalRegistry(false)
		.byValuePackages("io.cloudpickle.hazelcast.closures")
		.build();

	@BeforeAll
	static void startMembers() {
		Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
		String name = "embedded-" + UUID.randomUUID();
		List<Integer> ports = LoopbackConfigs.freePorts(2);
		first = Hazelcast.newHazelcastInstance(CloudPickleHazelcast
			.configureMember(LoopbackConfigs.member(name, ports.get(0), ports), Pickler.builder().build()));
		second = Hazelcast.newHazelcastInstance(CloudPickleHazelcast
			.configureMember(LoopbackConfigs.member(name, ports.get(1), ports), Pickler.builder().build()));
		assertThat(first.getCluster().getMembers()).hasSize(2);
		IMap<Integer, Integer> orders = first.getMap(MAP);
		Map<Integer, Integer> all = new HashMap<>();
		for (int i = 0; i < ENTRIES; i++) {
			all.put(i, i % 10);
		}
		orders.putAll(all);
		cluster = CloudPickleHazelcast.on(first, CALLER).withTimeout(java.time.Duration.ofSeconds(60));
	}

	@AfterAll
	static void stopMembers() {
		if (second != null) {
			second.getLifecycleService().terminate();
		}
		if (first != null) {
			first.getLifecycleService().terminate();
		}
	}

	@Test
	void aKeyOwnerTaskRunsWhereTheKeyLives() throws Exception {
		for (int key : List.of(1, 77, 1234)) {
			boolean ownedHere = cluster.onKeyOwner(MAP, key, Tasks.ownsKey(MAP, key)).get(30, TimeUnit.SECONDS);
			assertThat(ownedHere).as("key %s is local where the task ran", key).isTrue();
		}
	}

	@Test
	void everyMemberCountsItsOwnEntries() throws Exception {
		List<Integer> counts = cluster.onAllMembers(Tasks.localCount(MAP)).get(30, TimeUnit.SECONDS);
		assertThat(counts).hasSize(2).allSatisfy((count) -> assertThat(count).isPositive());
		assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(ENTRIES);
	}

	@Test
	void groupByAndAggregateRunOnTheMembersAndUnpickleOncePerMember() throws Exception {
		MemberRuntime firstRuntime = MemberRuntime.of(first);
		MemberRuntime secondRuntime = MemberRuntime.of(second);
		assertThat(firstRuntime).isNotSameAs(secondRuntime);
		long before = firstRuntime.unpickles() + secondRuntime.unpickles();

		Map<Boolean, Long> byParity = cluster.groupBy(MAP, Tasks.atLeast(2), Tasks.isEven(), Tasks.one(), Long::sum)
			.get(30, TimeUnit.SECONDS);
		// values 0..9 repeat 200 times each; 2..9 pass: 4 even (2,4,6,8), 4 odd.
		assertThat(byParity).containsExactlyInAnyOrderEntriesOf(Map.of(true, 800L, false, 800L));
		assertThat(firstRuntime.unpickles() + secondRuntime.unpickles() - before)
			.as("one unpickle per member, not one per partition (271)")
			.isEqualTo(2);

		long sum = cluster
			.aggregate(MAP, Closures.Filter.<Integer>all(), () -> 0L, (Long acc, Integer v) -> acc + v, Long::sum)
			.get(30, TimeUnit.SECONDS);
		assertThat(sum).isEqualTo(200L * 45);
	}

	@Test
	void entriesAreUpdatedInPlace() throws Exception {
		IMap<String, Integer> counters = first.getMap("counters");
		for (int i = 0; i < 50; i++) {
			counters.put("c" + i, i);
		}
		Map<String, Integer> results = cluster.updateEntries("counters", Tasks.<String>addHundred())
			.get(30, TimeUnit.SECONDS);
		assertThat(results).hasSize(50).containsEntry("c7", 107);
		assertThat(counters.get("c49")).isEqualTo(149);
	}

	@Test
	void aTaskThatThrowsFailsWithItsOwnException() {
		assertThatThrownBy(() -> cluster.onKeyOwner(MAP, 5, Tasks.fails("no stock for 5")).get(30, TimeUnit.SECONDS))
			.isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("no stock for 5")
			.satisfies((ex) -> assertThat(ex.getStackTrace()).anySatisfy(
					(frame) -> assertThat(frame.getClassName()).startsWith("io.cloudpickle.hazelcast.closures.Tasks")));
	}

	@Test
	void laterCallsSendNoClassBytes() throws Exception {
		CloudPickleHazelcast fresh = CloudPickleHazelcast.on(first, CALLER);
		fresh.onAllMembers(Tasks.localCount(MAP)).get(30, TimeUnit.SECONDS);
		Traffic firstCall = fresh.traffic();
		fresh.onAllMembers(Tasks.localCount(MAP)).get(30, TimeUnit.SECONDS);
		Traffic secondCall = fresh.traffic().since(firstCall);
		assertThat(firstCall.payloads()).isEqualTo(2);
		assertThat(firstCall.classBytes()).isPositive();
		assertThat(secondCall.payloads()).isEqualTo(2);
		assertThat(secondCall.classBytes()).isZero();
		assertThat(secondCall.payloadBytes()).isLessThan(firstCall.payloadBytes());
	}

}
