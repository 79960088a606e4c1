package io.cloudpickle.benchmarks;

import com.esotericsoftware.minlog.Log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints a Markdown table of payload bytes per workload × library, each payload verified
 * by a round trip first. Run:
 * {@code java -cp cloudpickle-benchmarks/target/benchmarks.jar io.cloudpickle.benchmarks.PayloadSizes}.
 * Exits 1 if any library failed a workload it is benchmarked on (the failures are printed
 * below the table).
 */
public final class PayloadSizes {

	private PayloadSizes() {
	}

	public static void main(String[] args) throws Exception {
		int[] status = new int[1];
		// JDK serialization, Kryo and Fory recurse once per node of the 10,000-node ring:
		// give them a deep stack.
		Thread worker = new Thread(null, () -> status[0] = run(), "payload-sizes", 512L << 20);
		worker.start();
		worker.join();
		System.exit(status[0]);
	}

	private static int run() {
		if (!Codecs.javaLangInvokeIsOpen()) {
			// Kryo's ClosureSerializer warns (with stack traces) and uses its fallbacks;
			// the bytes are the same.
			Log.set(Log.LEVEL_ERROR);
		}
		List<String> failures = new ArrayList<>();
		StringBuilder header = new StringBuilder("| workload |");
		StringBuilder rule = new StringBuilder("|---|");
		for (Library library : Library.values()) {
			header.append(' ').append(library.id()).append(" |");
			rule.append("---:|");
		}
		System.out.println(header);
		System.out.println(rule);
		for (Workload workload : Workload.values()) {
			StringBuilder row = new StringBuilder("| ").append(workload.label()).append(" |");
			for (Library library : Library.values()) {
				String cell;
				if (!workload.libraries().contains(library)) {
					cell = "n/a";
				}
				else {
					try {
						byte[][] payloads = Codec.verifyBoth(library, workload, Codecs.create(library, workload));
						cell = String.format("%,d", payloads[1].length);
						if (payloads[0].length != payloads[1].length) {
							cell += String.format(" (first: %,d)", payloads[0].length);
						}
					}
					catch (RuntimeException | Error e) {
						cell = "FAILED";
						StringWriter trace = new StringWriter();
						e.printStackTrace(new PrintWriter(trace));
						failures.add(library.id() + " × " + workload.label() + ":\n" + excerpt(trace.toString()));
					}
				}
				row.append(' ').append(cell).append(" |");
			}
			System.out.println(row);
		}
		for (String failure : failures) {
			System.out.println();
			System.out.println(failure);
		}
		return failures.isEmpty() ? 0 : 1;
	}

	private static String excerpt(String trace) {
		String[] lines = trace.split("\n");
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < Math.min(lines.length, 40); i++) {
			out.append("    ").append(lines[i].stripTrailing()).append('\n');
		}
		return out.toString();
	}

}
