package io.cloudpickle.robustness;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import com.example.fixtures.deep.Node;
import com.example.fixtures.graph.Color;
import com.example.fixtures.graph.GraphTasks;
import com.example.fixtures.graph.Person;
import com.example.fixtures.graph.Range;
import com.example.fixtures.graph.Samples;
import com.example.fixtures.graph.Shape;
import com.example.fixtures.hooks.Account;
import com.example.fixtures.hooks.ExtPoint;
import com.example.fixtures.hooks.Temperature;
import com.example.fixtures.robust.RobustTasks;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.RemoteJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code loads} of truncated, random and bit-flipped payloads gives a PickleException
 * (or, for a harmless flip, a value), never another exception type, an Error, a hang or a
 * huge allocation. Variants come from a seeded {@link Random} over several real payloads;
 * they are loaded in this JVM and, for the allocation check, in a child JVM with a 256 MB
 * heap.
 */
class CorruptPayloadTest {

	private static final long SEED = 0x5EED_2026L;

	private static Pickler pickler;

	private static RemoteJvm child;

	private static Map<String, byte[]> payloads;

	@BeforeAll
	static void setUp() {
		pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
		child = RemoteJvm.start(List.of("-Xmx256m"));
		payloads = new LinkedHashMap<>();
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("list", new ArrayList<>(List.of("a", "béta", 3, 4.5)));
		m.put("nested", Map.of("k", List.of(1, 2)));
		payloads.put("lambda capturing collections", pickler.dumps(GraphTasks.describe(m)));
		Person a = new Person("ann", 30);
		Person b = new Person("bob", 40);
		a.friends().add(b);
		b.friends().add(a);
		payloads.put("POJO cycle, record, enum, EnumSet", pickler
			.dumps(List.of(a, new Shape("sq", 2.0, Color.GREEN), Color.GREEN, EnumSet.of(Color.RED), new Range(1, 2))));
		payloads.put("linked list of 300 nodes", pickler.dumps(Node.list(300)));
		TreeMap<String, Integer> tree = new TreeMap<>(Samples.reverse());
		tree.put("x", 1);
		payloads.put("comparator lambda, arrays, strings", pickler.dumps(List.of(tree, new int[] { 1, 2, 3 },
				new double[] { 0.5, -0.0 }, "中文😀", new long[][] { { 1 }, { 2, 3 } })));
		payloads.put("serialization hooks", pickler.dumps(List.of(new Account("ann", 5), new ExtPoint(1, 2, "p"),
				new Temperature(10.0, "Oslo", new int[] { 1 }))));
		LongAdder adder = new LongAdder();
		adder.add(3);
		payloads.put("JDK-serialization-delegated objects", pickler.dumps(List.of(new Random(7), Pattern.compile("a+b"),
				adder, new StringBuffer("sb"), InetSocketAddress.createUnresolved("h", 1))));
		payloads.put("EnumSet of a JDK enum (JDK-delegated, small)", pickler.dumps(EnumSet.of(TimeUnit.DAYS)));
		payloads.put("JDK values only", pickler.dumps(
				List.of(1, "a", Map.of("k", 2L), Instant.ofEpochSecond(5), new BigDecimal("1.50"), Optional.of("o"))));
	}

	@AfterAll
	static void stop() {
		if (child != null) {
			child.close();
		}
	}

	/**
	 * Truncations, single-bit flips, byte smears and random input, deterministic for a
	 * seed.
	 */
	private static List<Variant> variants(long seed, int flipsPerPayload, int randomCount) {
		Random rnd = new Random(seed);
		List<Variant> out = new ArrayList<>();
		for (Map.Entry<String, byte[]> e : payloads.entrySet()) {
			byte[] p = e.getValue();
			List<Integer> cuts = new ArrayList<>();
			if (p.length <= 400) {
				for (int i = 0; i < p.length; i++) {
					cuts.add(i);
				}
			}
			else {
				for (int i = 0; i < 64; i++) {
					cuts.add(i);
				}
				for (int i = 0; i < 300; i++) {
					cuts.add(rnd.nextInt(p.length));
				}
				cuts.add(p.length - 1);
			}
			for (int cut : cuts) {
				out.add(new Variant(e.getKey() + " truncated to " + cut, Arrays.copyOf(p, cut)));
			}
			for (int i = 0; i < flipsPerPayload; i++) {
				byte[] v = p.clone();
				int bit = rnd.nextInt(v.length * 8);
				v[bit / 8] ^= (byte) (1 << (bit % 8));
				out.add(new Variant(e.getKey() + " bit " + bit + " flipped", v));
			}
			for (int i = 0; i < flipsPerPayload / 4; i++) {
				byte[] v = p.clone();
				int n = 2 + rnd.nextInt(7);
				StringBuilder where = new StringBuilder();
				for (int j = 0; j < n; j++) {
					int at = rnd.nextInt(v.length);
					v[at] = (byte) rnd.nextInt(256);
					where.append(at).append(' ');
				}
				out.add(new Variant(e.getKey() + " bytes smeared at " + where, v));
			}
		}
		byte[] header = payloads.values().iterator().next();
		for (int i = 0; i < randomCount; i++) {
			byte[] v = new byte[rnd.nextInt(4096)];
			rnd.nextBytes(v);
			if (i % 2 == 1) {
				// keep a valid-looking header so the reader gets past the magic and
				// version
				System.arraycopy(header, 0, v, 0, Math.min(Math.min(24, header.length), v.length));
			}
			out.add(new Variant("random #" + i + " (" + v.length + " bytes" + (i % 2 == 1 ? ", real header" : "") + ")",
					v));
		}
		return out;
	}

	record Variant(String name, byte[] bytes) {
	}

	@Test
	void theOriginalPayloadsLoad() {
		for (Map.Entry<String, byte[]> e : payloads.entrySet()) {
			assertThat(pickler.loads(e.getValue())).as(e.getKey()).isNotNull();
			assertThat(RobustTasks.classify(e.getValue())).as(e.getKey()).isEqualTo("ok");
		}
	}

	@Test
	void corruptedPayloadsGivePickleExceptionsInThisJvm() {
		List<Variant> variants = variants(SEED, 600, 600);
		assertThat(variants.size()).isGreaterThan(3000);
		List<String> failures = new ArrayList<>();
		int[] counts = new int[2];
		assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
			for (Variant v : variants) {
				try {
					pickler.loads(v.bytes());
					counts[0]++;
				}
				catch (PickleException e) {
					counts[1]++;
					if (e.getMessage() == null || e.getMessage().isBlank()) {
						failures.add(v.name() + ": PickleException without a message");
					}
				}
				catch (Throwable t) {
					failures.add(
							v.name() + ": " + t + " at " + (t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?"));
				}
			}
		}, () -> "a corrupted payload hung loads (after " + (counts[0] + counts[1] + failures.size()) + " variants)");
		assertThat(failures)
			.as("%d variants: %d loaded, %d PickleException; other outcomes (first 20): %s", variants.size(), counts[0],
					counts[1], failures.subList(0, Math.min(20, failures.size())))
			.isEmpty();
		assertThat(counts[1]).isGreaterThan(variants.size() / 2);
	}

	/**
	 * Every byte of every payload (of large payloads: the first 256 and the last 1200,
	 * where the header and the graph are; class bytes are hashed) set in turn to 0x7F and
	 * 0xFF (varint and length extremes).
	 */
	@Test
	void everyByteSetToExtremeValuesGivesPickleExceptionsInThisJvm() {
		List<String> failures = new ArrayList<>();
		int[] total = new int[1];
		assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
			for (Map.Entry<String, byte[]> e : payloads.entrySet()) {
				byte[] p = e.getValue();
				for (int at = 0; at < p.length; at++) {
					if (at >= 256 && at < p.length - 1200) {
						continue;
					}
					for (int value : new int[] { 0x7F, 0xFF }) {
						if ((p[at] & 0xFF) == value) {
							continue;
						}
						byte[] v = p.clone();
						v[at] = (byte) value;
						total[0]++;
						try {
							pickler.loads(v);
						}
						catch (PickleException expected) {
							// fine
						}
						catch (Throwable t) {
							failures.add(e.getKey() + " byte " + at + " := " + value + ": " + t + " at "
									+ (t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?"));
						}
					}
				}
			}
		}, () -> "a corrupted payload hung loads (after " + total[0] + " variants)");
		assertThat(failures)
			.as("%d variants; other outcomes (first 20): %s", total[0],
					failures.subList(0, Math.min(20, failures.size())))
			.isEmpty();
	}

	@Test
	void corruptedPayloadsGivePickleExceptionsInASmallHeapChildJvm() {
		List<Variant> variants = variants(SEED + 1, 200, 300);
		List<String> failures = new ArrayList<>();
		assertTimeoutPreemptively(Duration.ofSeconds(180), () -> {
			int batch = 100;
			for (int from = 0; from < variants.size(); from += batch) {
				List<Variant> slice = variants.subList(from, Math.min(variants.size(), from + batch));
				List<byte[]> bytes = new ArrayList<>();
				for (Variant v : slice) {
					bytes.add(v.bytes());
				}
				@SuppressWarnings("unchecked")
				List<String> outcomes = (List<String>) child.call(pickler.dumps(RobustTasks.loadAll(bytes)));
				for (int i = 0; i < outcomes.size(); i++) {
					if (outcomes.get(i).startsWith("OTHER")) {
						failures.add(slice.get(i).name() + ": " + outcomes.get(i));
					}
				}
			}
		}, () -> "a corrupted payload hung the child");
		assertThat(failures)
			.as("%d variants; other outcomes (first 10): %s", variants.size(),
					failures.subList(0, Math.min(10, failures.size())))
			.isEmpty();
	}

}
