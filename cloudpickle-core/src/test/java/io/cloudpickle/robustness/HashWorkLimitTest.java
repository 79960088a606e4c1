package io.cloudpickle.robustness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cloudpickle.CloudPickle;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.HashBombs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * CPU exhaustion through hashing: payloads of a few hundred bytes whose hash collections
 * would take exponential time to rebuild are refused under
 * {@link PickleLimits#maxHashWork()}, within a bounded time, while ordinary hash-heavy
 * graphs load. (A regression would spin for hours, so every load runs under a preemptive
 * timeout; the bound asserted is the load's CPU time, which a busy machine does not
 * stretch.)
 */
class HashWorkLimitTest {

	/**
	 * CPU time a load may take, measured on its own thread: other builds sharing the
	 * machine stretch wall time, not the work done.
	 */
	private static final long CPU_BOUND_NANOS = Duration.ofSeconds(30).toNanos();

	/** Wall time after which a load counts as hung. */
	private static final Duration HANG = Duration.ofSeconds(300);

	private static final Pickler NETWORK = Pickler.builder().limits(PickleLimits.network()).build();

	@Test
	void nestedSetsSharingTheirChildrenAreRefusedByTheNetworkLimit() {
		byte[] bomb = CloudPickle.dumps(HashBombs.sharedNestedSets(100));
		assertThat(bomb.length).isLessThan(3_000);
		assertRefused(() -> NETWORK.loads(bomb), "maxHashWork=32000000");
	}

	@Test
	void nestedSetsAreRefusedByTheDefaultLimitToo() {
		byte[] bomb = CloudPickle.dumps(HashBombs.sharedNestedSets(100));
		assertRefused(() -> CloudPickle.loads(bomb), "maxHashWork=256000000");
	}

	@Test
	void nestedMapsInsideOneJavaSerializationStreamAreRefused() {
		byte[] bomb = CloudPickle.dumps(HashBombs.sharedNestedMaps(100));
		assertRefused(() -> NETWORK.loads(bomb), "maxHashWork=32000000");
	}

	@Test
	void nestedRecordsAsSetElementsAreRefused() {
		Set<Object> pairs = HashBombs.sharedNestedPairs(24);
		byte[] bomb = CloudPickle.dumps(pairs);
		assertRefused(() -> NETWORK.loads(bomb), "maxHashWork=32000000");
		// The same payload is within a budget that covers its 2^25 steps of hashing.
		Object loaded = Pickler.builder().limits(PickleLimits.network().withMaxHashWork(1L << 27)).build().loads(bomb);
		assertThat(loaded).isEqualTo(pairs);
	}

	@Test
	void theRefusalNamesTheLimitAndTheKey() {
		byte[] bomb = CloudPickle.dumps(HashBombs.sharedNestedSets(60));
		assertThatThrownBy(
				() -> Pickler.builder().limits(PickleLimits.defaults().withMaxHashWork(1_000)).build().loads(bomb))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("maxHashWork=1000")
			.hasMessageContaining("java.util.HashSet");
	}

	@Test
	void hashHeavyButHonestGraphsLoadWithinTheNetworkLimit() {
		// 100,000 list keys of 10 elements, a set of 200,000 strings, a map keyed by
		// records, one shared value list.
		Map<List<Integer>, String> byList = new HashMap<>();
		for (int i = 0; i < 100_000; i++) {
			List<Integer> key = new ArrayList<>();
			for (int j = 0; j < 10; j++) {
				key.add(i * 10 + j);
			}
			byList.put(key, "v" + i);
		}
		Set<String> strings = new HashSet<>();
		for (int i = 0; i < 200_000; i++) {
			strings.add("s" + i);
		}
		List<Integer> shared = new ArrayList<>(List.of(1, 2, 3));
		Map<Object, Object> byRecord = new LinkedHashMap<>();
		for (int i = 0; i < 10_000; i++) {
			byRecord.put(new HashBombs.Pair("k" + i, List.of(i)), shared);
		}
		List<Object> graph = List.of(byList, strings, byRecord);

		byte[] payload = CloudPickle.dumps(graph);
		Object loaded = withinBounds(() -> NETWORK.loads(payload));

		assertThat(loaded).isEqualTo(graph);
	}

	@Test
	void aMapThatHoldsItselfAsAValueLoads() {
		Map<Object, Object> self = new LinkedHashMap<>();
		self.put("me", self);
		self.put(List.of("key"), "x");
		@SuppressWarnings("unchecked")
		Map<Object, Object> loaded = (Map<Object, Object>) NETWORK.loads(CloudPickle.dumps(self));
		assertThat(loaded.get("me")).isSameAs(loaded);
		assertThat(loaded.get(List.of("key"))).isEqualTo("x");
	}

	private static void assertRefused(Executable load, String limit) {
		Throwable thrown = withinBounds(() -> catchThrowable(load::execute));
		assertThat(thrown).isInstanceOf(PickleException.class).hasMessageContaining(limit);
	}

	/**
	 * Runs {@code work} under the hang bound and checks the CPU time it took; prints both
	 * figures.
	 */
	private static <T> T withinBounds(ThrowingSupplier<T> work) {
		return assertTimeoutPreemptively(HANG, () -> {
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long cpu = threads.getCurrentThreadCpuTime();
			long wall = System.nanoTime();
			T result = work.get();
			cpu = threads.getCurrentThreadCpuTime() - cpu;
			wall = System.nanoTime() - wall;
			System.out.printf("[hash work] %.2f s of CPU, %.2f s of wall time (CPU bound %d s)%n", cpu / 1e9,
					wall / 1e9, CPU_BOUND_NANOS / 1_000_000_000L);
			assertThat(cpu).as("CPU time of the load, in ns").isLessThan(CPU_BOUND_NANOS);
			return result;
		});
	}

}
