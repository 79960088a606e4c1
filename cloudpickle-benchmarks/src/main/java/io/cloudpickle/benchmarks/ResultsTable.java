package io.cloudpickle.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH result file into the Markdown tables of docs/BENCHMARKS.md: ns/op per
 * workload × operation × library, bytes allocated per operation (when the run used
 * {@code -prof gc}), the ratios of each peer to cloudpickle, and the performance targets.
 * Run:
 * {@code java -cp cloudpickle-benchmarks/target/benchmarks.jar io.cloudpickle.benchmarks.ResultsTable results.json}.
 *
 * <p>
 * With JMH's JSON ({@code -rf json}) it also reads every measurement iteration and bases
 * the ratios and targets on the <b>median iteration</b>, which a shared, noisy machine
 * disturbs far less than the mean; the JMH mean ± 99.9% error is printed beside it. With
 * JMH's CSV ({@code -rf csv}) only the mean is known and is used.
 */
public final class ResultsTable {

	static final String[] OPERATIONS = { "dumps", "loads", "roundTrip" };

	/** Decimal megabytes of {@code double[1_000_000]}'s data. */
	static final double DOUBLE_ARRAY_BYTES = 8.0 * Workload.DOUBLE_ARRAY_LENGTH;

	private final Map<Workload, Map<String, Map<Library, double[]>>> scores = new EnumMap<>(Workload.class);

	/** {@code gc.alloc.rate.norm} (B/op) of each run, when JMH ran with -prof gc. */
	private final Map<Workload, Map<String, Map<Library, Double>>> allocations = new EnumMap<>(Workload.class);

	private ResultsTable() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("usage: ResultsTable results.csv");
			System.exit(2);
		}
		ResultsTable table = new ResultsTable();
		table.read(Path.of(args[0]));
		table.print();
	}

	private boolean haveMedians;

	/** {@link RawCopyBenchmark}'s scores, in the layout of {@link #raw}, if it ran. */
	private double[] rawCopy;

	private void read(Path file) throws Exception {
		if (file.toString().endsWith(".json")) {
			readJson(Files.readString(file, StandardCharsets.UTF_8));
		}
		else {
			readCsv(file);
		}
	}

	/**
	 * JMH's JSON: a list of runs; each has benchmark, params, primaryMetric {score,
	 * scoreError, rawData}.
	 */
	/**
	 * The by-value lambda loaded by the compute service's receiver (signature checked,
	 * ClassGates, network limits), per operation.
	 */
	private final Map<String, double[]> networkReceiver = new java.util.TreeMap<>();

	private void readJson(String json) {
		haveMedians = true;
		String[] runs = json.split("\\{\\s*\"jmhVersion\"");
		for (int i = 1; i < runs.length; i++) {
			String run = runs[i];
			String name = group(run, "\"benchmark\"\\s*:\\s*\"([^\"]+)\"");
			boolean isRawCopy = name.endsWith("." + RawCopyBenchmark.class.getSimpleName() + ".rawCopy");
			if (!isRawCopy && !run.contains("\"library\"")) {
				continue; // a benchmark of another kind (e.g. PlainLambdaBenchmark)
			}
			String library = isRawCopy ? null : group(run, "\"library\"\\s*:\\s*\"([^\"]+)\"");
			String primary = run.substring(run.indexOf("\"primaryMetric\""));
			String unit = group(primary, "\"scoreUnit\"\\s*:\\s*\"([^\"]+)\"");
			if (!unit.equals("ns/op")) {
				throw new IllegalArgumentException("expected ns/op (AverageTime), got " + unit);
			}
			double score = number(group(primary, "\"score\"\\s*:\\s*\"?([^,\"\\s]+)"));
			double error = number(group(primary, "\"scoreError\"\\s*:\\s*\"?([^,\"\\s]+)"));
			String raw = group(primary, "\"rawData\"\\s*:\\s*\\[(.*?)\\]\\s*\\]");
			List<Double> iterations = new ArrayList<>();
			for (String v : raw.replace("[", "").replace("]", "").split(",")) {
				if (!v.isBlank()) {
					iterations.add(number(v.trim()));
				}
			}
			iterations.sort(null);
			int n = iterations.size();
			double median = n == 0 ? Double.NaN
					: n % 2 == 1 ? iterations.get(n / 2) : (iterations.get(n / 2 - 1) + iterations.get(n / 2)) / 2;
			double[] values = { score, error, median, n == 0 ? Double.NaN : iterations.get(0),
					n == 0 ? Double.NaN : iterations.get(n - 1) };
			if (isRawCopy) {
				rawCopy = values;
				continue;
			}
			if (run.matches("(?s).*\"receiver\"\\s*:\\s*\"network\".*")) {
				networkReceiver.put(name.substring(name.lastIndexOf('.') + 1), values);
				continue;
			}
			if (!measuredWhereDeclared(name, library)) {
				continue;
			}
			put(name, library, values);
			java.util.regex.Matcher alloc = java.util.regex.Pattern
				.compile("\"\\W?gc\\.alloc\\.rate\\.norm\"\\s*:\\s*\\{\\s*\"score\"\\s*:\\s*\"?([^,\"\\s]+)")
				.matcher(run);
			if (alloc.find()) {
				putAllocation(name, library, number(alloc.group(1)));
			}
		}
	}

	private void putAllocation(String name, String library, double bytesPerOp) {
		int dot = name.lastIndexOf('.');
		String className = name.substring(name.lastIndexOf('.', dot - 1) + 1, dot);
		allocations.computeIfAbsent(workloadOf(className), w -> new java.util.HashMap<>())
			.computeIfAbsent(name.substring(dot + 1), o -> new EnumMap<>(Library.class))
			.put(Library.of(library), bytesPerOp);
	}

	private static String group(String text, String regex) {
		java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex, java.util.regex.Pattern.DOTALL)
			.matcher(text);
		if (!m.find()) {
			throw new IllegalArgumentException("no " + regex + " in JMH JSON");
		}
		return m.group(1);
	}

	private static double number(String s) {
		return s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
	}

	/**
	 * The lambda by reference is measured for Kryo in a class of its own (its fork opens
	 * {@code java.lang.invoke}) and for the others in {@link LambdaByReferenceBenchmark};
	 * a {@code -p library=...} that lists every library runs each class with all of them,
	 * and only the runs each class declares count.
	 */
	private static boolean measuredWhereDeclared(String name, String library) {
		boolean kryo = library.startsWith("kryo");
		if (name.contains("." + LambdaByReferenceKryoBenchmark.class.getSimpleName() + ".")) {
			return kryo;
		}
		if (name.contains("." + LambdaByReferenceBenchmark.class.getSimpleName() + ".")) {
			return !kryo;
		}
		return true;
	}

	private void put(String name, String library, double[] values) {
		int dot = name.lastIndexOf('.');
		String className = name.substring(name.lastIndexOf('.', dot - 1) + 1, dot);
		String operation = name.substring(dot + 1);
		scores.computeIfAbsent(workloadOf(className), w -> new java.util.HashMap<>())
			.computeIfAbsent(operation, o -> new EnumMap<>(Library.class))
			.put(Library.of(library), values);
	}

	private void readCsv(Path csv) throws Exception {
		List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		List<String> header = parse(lines.get(0));
		int benchmark = header.indexOf("Benchmark");
		int score = header.indexOf("Score");
		int error = header.indexOf("Score Error (99.9%)");
		int unit = header.indexOf("Unit");
		int library = header.indexOf("Param: library");
		int receiver = header.indexOf("Param: receiver");
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			List<String> cells = parse(line);
			if (!cells.get(unit).equals("ns/op")) {
				throw new IllegalArgumentException("expected ns/op (AverageTime), got " + cells.get(unit));
			}
			double mean = Double.parseDouble(cells.get(score));
			double err = cells.get(error).isEmpty() || cells.get(error).equals("NaN") ? Double.NaN
					: Double.parseDouble(cells.get(error));
			double[] values = { mean, err, mean, Double.NaN, Double.NaN };
			if (receiver >= 0 && "network".equals(cells.get(receiver))) {
				String name = cells.get(benchmark);
				networkReceiver.put(name.substring(name.lastIndexOf('.') + 1), values);
				continue;
			}
			if (measuredWhereDeclared(cells.get(benchmark), cells.get(library))) {
				put(cells.get(benchmark), cells.get(library), values);
			}
		}
	}

	static Workload workloadOf(String benchmarkClass) {
		switch (benchmarkClass) {
			case "PojoBenchmark":
				return Workload.POJO;
			case "PlainPojoBenchmark":
				return Workload.PLAIN_POJO;
			case "LambdaByReferenceBenchmark":
			case "LambdaByReferenceKryoBenchmark":
				return Workload.LAMBDA_BY_REFERENCE;
			case "LambdaByValueBenchmark":
				return Workload.LAMBDA_BY_VALUE;
			case "DoubleArrayBenchmark":
				return Workload.DOUBLE_ARRAY;
			case "CyclicGraphBenchmark":
				return Workload.CYCLIC_GRAPH;
			case "StringIntMapBenchmark":
				return Workload.STRING_INT_MAP;
			default:
				throw new IllegalArgumentException("unknown benchmark class " + benchmarkClass);
		}
	}

	/** CSV line → cells; JMH quotes strings and never embeds quotes. */
	private static List<String> parse(String line) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (char c : line.toCharArray()) {
			if (c == '"') {
				quoted = !quoted;
			}
			else if (c == ',' && !quoted) {
				cells.add(cell.toString());
				cell.setLength(0);
			}
			else {
				cell.append(c);
			}
		}
		cells.add(cell.toString());
		return cells;
	}

	/**
	 * {mean, 99.9% error, median iteration (the mean without JSON), fastest iteration,
	 * slowest iteration}.
	 */
	private double[] raw(Workload workload, String operation, Library library) {
		return scores.getOrDefault(workload, Map.of()).getOrDefault(operation, Map.of()).get(library);
	}

	/**
	 * The statistic ratios and targets use: the median iteration (JSON) or the mean
	 * (CSV), in element 0.
	 */
	private double[] get(Workload workload, String operation, Library library) {
		double[] r = raw(workload, operation, library);
		return r == null ? null : new double[] { r[2] };
	}

	private void print() {
		String statistic = haveMedians ? "median of the measurement iterations" : "JMH mean";
		if (haveMedians) {
			printScores("### ns/op, median iteration (lower is better; ratios and targets below use these)", 2, -1);
			System.out.println();
			printScores("### ns/op, JMH mean ± 99.9% error", 0, 1);
		}
		else {
			printScores("### ns/op, JMH mean ± 99.9% error (lower is better)", 0, 1);
		}
		System.out.println();
		if (!allocations.isEmpty()) {
			printAllocations();
			System.out.println();
		}
		System.out.println("### Peer time ÷ cloudpickle time (> 1: cloudpickle is faster; " + statistic + ")");
		System.out.println();
		StringBuilder header = new StringBuilder("| workload | operation |");
		StringBuilder rule = new StringBuilder("|---|---|");
		for (Library library : Library.values()) {
			if (library != Library.CLOUDPICKLE) {
				header.append(' ').append(library.id()).append(" ÷ cloudpickle |");
				rule.append("---:|");
			}
		}
		System.out.println(header);
		System.out.println(rule);
		for (Workload workload : Workload.values()) {
			if (workload.libraries().size() < 2) {
				continue;
			}
			for (String operation : OPERATIONS) {
				StringBuilder row = new StringBuilder("| " + workload.label() + " | " + operation + " |");
				double[] cp = get(workload, operation, Library.CLOUDPICKLE);
				for (Library library : Library.values()) {
					if (library == Library.CLOUDPICKLE) {
						continue;
					}
					double[] peer = get(workload, operation, library);
					row.append(' ').append(cp == null || peer == null ? "n/a" : ratio(peer[0] / cp[0])).append(" |");
				}
				System.out.println(row);
			}
		}
		System.out.println();
		printTargets();
	}

	private void printScores(String title, int value, int error) {
		printTable(title, (workload, operation, library) -> {
			double[] s = raw(workload, operation, library);
			return (s == null) ? null
					: fmt(s[value]) + (error < 0 || Double.isNaN(s[error]) ? "" : " ± " + fmt(s[error]));
		});
	}

	private void printAllocations() {
		printTable("### Bytes allocated per operation (-prof gc: gc.alloc.rate.norm, B/op; lower is better)",
				(workload, operation, library) -> {
					Double bytes = allocations.getOrDefault(workload, Map.of())
						.getOrDefault(operation, Map.of())
						.get(library);
					return (bytes != null) ? String.format(Locale.ROOT, "%,.0f", bytes) : null;
				});
	}

	/** A cell of a workload × operation × library table, or null if not measured. */
	@FunctionalInterface
	private interface Cell {

		String of(Workload workload, String operation, Library library);

	}

	private static void printTable(String title, Cell cell) {
		System.out.println(title);
		System.out.println();
		StringBuilder header = new StringBuilder("| workload | operation |");
		StringBuilder rule = new StringBuilder("|---|---|");
		for (Library library : Library.values()) {
			header.append(' ').append(library.id()).append(" |");
			rule.append("---:|");
		}
		System.out.println(header);
		System.out.println(rule);
		for (Workload workload : Workload.values()) {
			for (String operation : OPERATIONS) {
				StringBuilder row = new StringBuilder("| " + workload.label() + " | " + operation + " |");
				for (Library library : Library.values()) {
					String value = cell.of(workload, operation, library);
					if (value == null) {
						value = workload.libraries().contains(library) ? "missing" : "n/a";
					}
					row.append(' ').append(value).append(" |");
				}
				System.out.println(row);
			}
		}
	}

	private void printTargets() {
		System.out.println("### Performance targets (" + (haveMedians ? "median iterations" : "JMH means")
				+ "; cloudpickle time ÷ peer time, same run)");
		System.out.println();
		System.out.println("| target | measured | met? |");
		System.out.println("|---|---|---|");
		roundTripTarget(Workload.POJO, Library.KRYO, 1.0);
		roundTripTarget(Workload.POJO, Library.FORY, 2.0);
		roundTripTarget(Workload.LAMBDA_BY_REFERENCE, Library.FORY, 1.0);
		roundTripTarget(Workload.CYCLIC_GRAPH, Library.KRYO, 1.0);
		roundTripTarget(Workload.STRING_INT_MAP, Library.KRYO, 1.0);
		double[] byValue = get(Workload.LAMBDA_BY_VALUE, "roundTrip", Library.CLOUDPICKLE);
		double[] byReference = get(Workload.LAMBDA_BY_REFERENCE, "roundTrip", Library.CLOUDPICKLE);
		if (byValue != null && byReference != null) {
			double r = byValue[0] / byReference[0];
			target("lambda by value (warm receiver) ≤ 1.5x the lambda by reference: roundTrip",
					ratio(r) + " the by-reference time", r <= 1.5);
		}
		double[] gated = networkReceiver.get("roundTrip");
		if (gated != null && byValue != null) {
			System.out.println(String.format(Locale.ROOT,
					"| (not a target) lambda by value, network receiver (signed, ClassGates, network limits):"
							+ " roundTrip | %s ns, %s the trusting receiver | - |",
					fmt(gated[2]), ratio(gated[2] / byValue[0])));
		}
		double[] dumps = get(Workload.DOUBLE_ARRAY, "dumps", Library.CLOUDPICKLE);
		if (dumps != null) {
			double mbPerSecond = DOUBLE_ARRAY_BYTES / dumps[0] * 1000;
			if (rawCopy != null) {
				double rawMbPerSecond = DOUBLE_ARRAY_BYTES / rawCopy[2] * 1000;
				target("double[1_000_000] dumps ≥ 50% of a raw copy into a new byte[]",
						String.format(Locale.ROOT, "%,.0f MB/s vs %,.0f MB/s (%.0f%%)", mbPerSecond, rawMbPerSecond,
								100 * mbPerSecond / rawMbPerSecond),
						mbPerSecond >= rawMbPerSecond / 2);
			}
			else {
				System.out.println(String.format(Locale.ROOT,
						"| double[1_000_000] dumps ≥ 50%% of a raw copy | %,.0f MB/s (raw copy not in this run) | - |",
						mbPerSecond));
			}
		}
	}

	private void roundTripTarget(Workload workload, Library peer, double limit) {
		double[] cp = get(workload, "roundTrip", Library.CLOUDPICKLE);
		double[] other = get(workload, "roundTrip", peer);
		if (cp != null && other != null) {
			double r = cp[0] / other[0];
			target(workload.label() + " roundTrip ≤ " + ratio(limit) + " " + peer.id(),
					"cloudpickle takes " + ratio(r) + " " + peer.id() + "'s time", r <= limit);
		}
	}

	private static void target(String target, String measured, boolean met) {
		System.out.println("| " + target + " | " + measured + " | " + (met ? "met" : "**not met**") + " |");
	}

	private static String fmt(double ns) {
		if (ns >= 100) {
			return String.format(Locale.ROOT, "%,.0f", ns);
		}
		return String.format(Locale.ROOT, "%.1f", ns);
	}

	private static String ratio(double r) {
		return String.format(Locale.ROOT, r >= 10 ? "%.0fx" : "%.2fx", r);
	}

}
