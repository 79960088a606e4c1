package io.cloudpickle.robustness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A seeded mutation test over at least 100,000 inputs derived from six real payloads
 * (lambda, map, records, cycle, by-value class, signed): truncations, bit flips, extreme
 * byte values, length-field (varint) corruption, splices of two payloads, duplicated and
 * removed ranges, and stacks of these. Every input must load or end in a
 * {@link PickleException}; never another exception or an Error (an OutOfMemoryError under
 * surefire's default heap fails the test too), and never take a second of CPU time.
 * Deterministic for {@link #SEED}.
 */
class SeededMutationTest {

	private static final long SEED = 0xC0FFEE_2026L;

	private static final int INPUTS = 120_000;

	private static final byte[] EXTREMES = { 0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF };

	/**
	 * Varint-shaped runs written over or into a payload: maximal, overlong, negative and
	 * just-too-long lengths.
	 */
	private static final byte[][] VARINTS = { { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07 },
			{ (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F },
			{ (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF },
			{ (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00 }, { (byte) 0xFF, (byte) 0xFF, 0x7F },
			{ (byte) 0x80, (byte) 0x80, 0x01 }, { 0x7F }, { (byte) 0xFF, 0x01 },
			{ (byte) 0xC0, (byte) 0x84, 0x3D } /* 1,000,000 */ };

	private static final String[] OPS = { "truncate", "bitflip", "extreme", "varint-overwrite", "varint-insert",
			"splice", "duplicate-range", "remove-range", "stacked" };

	@Test
	void mutatedPayloadsLoadOrGivePickleExceptionsQuickly() {
		List<byte[]> seeds = new ArrayList<>(SeedPayloads.build().values());
		Pickler pickler = SeedPayloads.receiver();
		for (byte[] seed : seeds) {
			assertThat(pickler.loads(seed)).isNotNull();
		}
		Random rnd = new Random(SEED);
		Map<String, Integer> histogram = new TreeMap<>();
		Map<String, Integer> byOp = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long[] maxNanos = { 0 };
		long[] maxWallNanos = { 0 };
		String[] slowest = { "" };
		int[] done = { 0 };
		long start = System.nanoTime();
		assertTimeoutPreemptively(Duration.ofSeconds(600), () -> {
			for (int i = 0; i < INPUTS; i++) {
				int op = rnd.nextInt(OPS.length);
				byte[] input = mutate(op, seeds, rnd);
				String outcome;
				long t0 = System.nanoTime();
				long cpu0 = threads.getCurrentThreadCpuTime();
				try {
					pickler.loads(input);
					outcome = "loaded";
				}
				catch (PickleException ex) {
					outcome = "PickleException: " + shape(ex.getMessage());
				}
				catch (Throwable t) {
					outcome = "FAILURE " + t.getClass().getName();
					if (failures.size() < 20) {
						failures.add("#" + i + " (" + OPS[op] + ", " + input.length + " bytes): " + t + " at "
								+ (t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?")
								+ (input.length <= 600 ? " input=" + HexFormat.of().formatHex(input) : ""));
					}
				}
				long nanos = threads.getCurrentThreadCpuTime() - cpu0;
				maxWallNanos[0] = Math.max(maxWallNanos[0], System.nanoTime() - t0);
				if (nanos > maxNanos[0]) {
					maxNanos[0] = nanos;
					slowest[0] = "#" + i + " (" + OPS[op] + ", " + input.length + " bytes, " + outcome + ")";
				}
				histogram.merge(outcome, 1, Integer::sum);
				byOp.merge(OPS[op] + (outcome.equals("loaded") ? " loaded" : " refused"), 1, Integer::sum);
				done[0]++;
			}
		}, () -> "an input hung loads (after " + done[0] + " inputs)");
		long elapsedMs = (System.nanoTime() - start) / 1_000_000;
		StringBuilder report = new StringBuilder();
		report.append(String.format(
				"SeededMutationTest: %d inputs on Java %s in %d ms; max per input %.1f ms of CPU (%.1f ms of wall"
						+ " time): %s%n",
				done[0], Runtime.version(), elapsedMs, maxNanos[0] / 1e6, maxWallNanos[0] / 1e6, slowest[0]));
		histogram.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.forEach(e -> report.append(String.format("  %7d  %s%n", e.getValue(), e.getKey())));
		report.append("  by mutation:\n");
		byOp.forEach((k, v) -> report.append(String.format("  %7d  %s%n", v, k)));
		System.out.print(report);
		assertThat(done[0]).isGreaterThanOrEqualTo(100_000);
		assertThat(failures).as("other outcomes than a value or a PickleException (first 20)").isEmpty();
		// CPU time of the loading thread: a busy machine (other builds on two cores)
		// stretches wall time, not the work one input costs
		assertThat(maxNanos[0]).as("CPU time of the slowest input: %s", slowest[0]).isLessThan(1_000_000_000L);
		assertThat(histogram.getOrDefault("loaded", 0)).as("mutants that loaded").isLessThan(done[0] / 2);
	}

	/**
	 * The message reduced to its words (numbers, names and binary garbage from corrupt
	 * names become {@code …}), so the histogram groups by kind of refusal.
	 */
	private static String shape(String message) {
		if (message == null) {
			return "<no message>";
		}
		StringBuilder out = new StringBuilder();
		for (String token : message.split("[\\s:;,()]+")) {
			String word = token.matches("[A-Za-z=_-]+") ? token : "…";
			if (word.equals("…") && out.length() > 1 && out.charAt(out.length() - 1) == '…') {
				continue;
			}
			if (out.length() > 0) {
				out.append(' ');
			}
			out.append(word);
			if (out.length() > 64) {
				break;
			}
		}
		return out.toString();
	}

	private static byte[] mutate(int op, List<byte[]> seeds, Random rnd) {
		byte[] p = seeds.get(rnd.nextInt(seeds.size()));
		if (op == 8) {
			int n = 2 + rnd.nextInt(3);
			byte[] v = p;
			for (int i = 0; i < n; i++) {
				v = apply(rnd.nextInt(8), v, seeds, rnd);
			}
			return v;
		}
		return apply(op, p, seeds, rnd);
	}

	/**
	 * Position biased to the header, class table and graph start where lengths and counts
	 * live.
	 */
	private static int position(byte[] p, Random rnd) {
		if (p.length == 0) {
			return 0;
		}
		return rnd.nextBoolean() ? rnd.nextInt(Math.min(p.length, 96)) : rnd.nextInt(p.length);
	}

	private static byte[] apply(int op, byte[] p, List<byte[]> seeds, Random rnd) {
		if (p.length == 0) {
			return p;
		}
		switch (op) {
			case 0 -> {
				return Arrays.copyOf(p, rnd.nextInt(p.length));
			}
			case 1 -> {
				byte[] v = p.clone();
				int flips = 1 + rnd.nextInt(4);
				for (int i = 0; i < flips; i++) {
					int at = position(v, rnd);
					v[at] ^= (byte) (1 << rnd.nextInt(8));
				}
				return v;
			}
			case 2 -> {
				byte[] v = p.clone();
				int n = 1 + rnd.nextInt(3);
				for (int i = 0; i < n; i++) {
					v[position(v, rnd)] = EXTREMES[rnd.nextInt(EXTREMES.length)];
				}
				return v;
			}
			case 3 -> {
				byte[] v = p.clone();
				byte[] run = VARINTS[rnd.nextInt(VARINTS.length)];
				int at = position(v, rnd);
				System.arraycopy(run, 0, v, at, Math.min(run.length, v.length - at));
				return v;
			}
			case 4 -> {
				byte[] run = VARINTS[rnd.nextInt(VARINTS.length)];
				int at = position(p, rnd);
				byte[] v = new byte[p.length + run.length];
				System.arraycopy(p, 0, v, 0, at);
				System.arraycopy(run, 0, v, at, run.length);
				System.arraycopy(p, at, v, at + run.length, p.length - at);
				return v;
			}
			case 5 -> {
				byte[] q = seeds.get(rnd.nextInt(seeds.size()));
				int a = rnd.nextInt(p.length + 1);
				int b = rnd.nextInt(q.length + 1);
				byte[] v = new byte[a + q.length - b];
				System.arraycopy(p, 0, v, 0, a);
				System.arraycopy(q, b, v, a, q.length - b);
				return v;
			}
			case 6 -> {
				int from = position(p, rnd);
				int len = 1 + rnd.nextInt(Math.min(64, p.length - from));
				int at = rnd.nextInt(p.length + 1);
				byte[] v = new byte[p.length + len];
				System.arraycopy(p, 0, v, 0, at);
				System.arraycopy(p, from, v, at, len);
				System.arraycopy(p, at, v, at + len, p.length - at);
				return v;
			}
			default -> {
				int from = position(p, rnd);
				int len = 1 + rnd.nextInt(Math.min(64, p.length - from));
				byte[] v = new byte[p.length - len];
				System.arraycopy(p, 0, v, 0, from);
				System.arraycopy(p, from + len, v, from, p.length - from - len);
				return v;
			}
		}
	}

}
