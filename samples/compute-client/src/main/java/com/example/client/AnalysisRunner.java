package com.example.client;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.example.analytics.AnomalyRule;
import com.example.analytics.Money;
import com.example.analytics.SalesAnalyses;
import com.example.compute.api.ComputeApi;
import com.example.compute.api.RemoteTaskException;
import com.example.compute.api.Rows;
import com.example.compute.api.TaskResult;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.stereotype.Component;

/**
 * Sends the analyses and prints what comes back. Each analysis is checked (a result of
 * the right shape, or the expected failure); the exit code is 1 if any check fails.
 */
@Component
public class AnalysisRunner implements CommandLineRunner, ExitCodeGenerator {

	private final ComputeClient client;

	private int analyses;

	private final List<String> failures = new ArrayList<>();

	public AnalysisRunner(ComputeClient client) {
		this.client = client;
	}

	@Override
	public void run(String... args) {
		Map<String, Object> dataset = this.client.dataset();
		say("[client] server %s holds %,d sales from %s to %s", this.client.baseUrl(),
				((Number) dataset.get("rows")).longValue(), dataset.get("from"), dataset.get("to"));
		Boolean serverHasAnalytics = this.client.serverHasClass(SalesAnalyses.class.getName());
		if (serverHasAnalytics != null) {
			say("[client] does the server's class path have %s? %s: our closures travel by value",
					SalesAnalyses.class.getName(), serverHasAnalytics);
			check(!serverHasAnalytics, "the server must not have com.example.analytics");
		}

		analysis("Revenue by region (group-by: enum key, Sale::revenue, Double::sum)", ComputeApi.GROUP_BY,
				SalesAnalyses.revenueByRegion(), null, (Map<?, Double> byRegion) -> {
					double total = byRegion.values().stream().mapToDouble(Double::doubleValue).sum();
					byRegion.forEach((region, revenue) -> say("     %-5s %16s  %5.1f%%", region, Money.eur(revenue),
							100 * revenue / total));
					check(byRegion.size() == 3, "three regions");
				});

		int year = 2024;
		analysis("Top 5 products of " + year + " (the filter, a plain Predicate, captures the year)",
				ComputeApi.GROUP_BY, SalesAnalyses.productRevenueIn(year), null, (Map<String, Double> byProduct) -> {
					List<Map.Entry<String, Double>> top = byProduct.entrySet()
						.stream()
						.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
						.limit(5)
						.toList();
					for (int i = 0; i < top.size(); i++) {
						say("     %d. %-26s %16s", i + 1, top.get(i).getKey(), Money.eur(top.get(i).getValue()));
					}
					check(top.size() == 5, "five products");
				});

		AnomalyRule rule = new AnomalyRule(40, 0.5);
		analysis("Anomalies: " + rule + " (captured by the filter; records made on the server)", ComputeApi.MAP,
				SalesAnalyses.anomalies(rule, 5), null, (Rows<?> rows) -> {
					say("     %,d of %,d lines flagged; the first %d:", rows.matched(), rows.scanned(),
							rows.rows().size());
					rows.rows().forEach((flagged) -> say("     %s", flagged));
					Object first = rows.rows().get(0);
					// The server ships the class back by value; this JVM shipped it
					// first, so it resolves to its own.
					say("     (%s came back by value and resolved to %s)", first.getClass().getName(),
							(first.getClass() == com.example.analytics.Flagged.class)
									? "this JVM's own class (round-trip identity)"
									: "a copy in loader " + first.getClass().getClassLoader().getName());
					check(rows.matched() > 0 && rows.rows().size() == 5, "anomalies found");
				});

		analysis("Order value by season in EMEA (enum key from a helper, Summary record aggregate)",
				ComputeApi.GROUP_BY, SalesAnalyses.basketBySeason("EMEA"), null, (Map<?, ?> bySeason) -> {
					bySeason.forEach((season, summary) -> say("     %-6s %s", season, summary));
					check(bySeason.size() == 4, "four seasons");
				});

		LocalDate from = LocalDate.of(2024, 11, 20);
		LocalDate to = LocalDate.of(2024, 11, 30);
		analysis("Online revenue, Black Week " + from + " to " + to + " (reduce)", ComputeApi.REDUCE,
				SalesAnalyses.onlineRevenue(from, to), null, (Double revenue) -> {
					say("     %s", Money.eur(revenue));
					check(revenue > 0, "positive revenue");
				});

		analysis("Where did that run? (a Callable)", ComputeApi.CALL, SalesAnalyses.whereAmI(), null,
				(List<String> facts) -> {
					say("     server: %s", String.join(", ", facts));
					say("     client: pid %d, Java %s", ProcessHandle.current().pid(), Runtime.version());
					check(!facts.get(0).equals("pid " + ProcessHandle.current().pid()), "another JVM");
				});

		expectFailure("A task that throws (Region.of(\"ANTARCTICA\") on the server)", ComputeApi.CALL,
				SalesAnalyses.regionOf("ANTARCTICA"), null, IllegalArgumentException.class);

		expectFailure("A task over its time limit (sleeps 5 s, limit 300 ms)", ComputeApi.CALL,
				SalesAnalyses.slow(5000), 300L, RemoteTaskException.class);

		say("[client] %d analyses, %d failed%s", this.analyses, this.failures.size(),
				this.failures.isEmpty() ? "" : ": " + this.failures);
		say(this.failures.isEmpty() ? "[client] OK" : "[client] FAILED");
	}

	@FunctionalInterface
	interface Printer<T> {

		void print(T value);

	}

	@SuppressWarnings("unchecked")
	private <T> void analysis(String title, String path, Object request, Long timeoutMillis, Printer<T> printer) {
		this.analyses++;
		int failuresBefore = this.failures.size();
		try {
			TaskResult<Object> result = this.client.post(path, request, timeoutMillis);
			say("%n%d. %s%s", this.analyses, title, timing(result));
			say("     %s", sent());
			printer.print((T) result.get());
		}
		catch (RuntimeException ex) {
			say("%n%d. %s", this.analyses, title);
			this.failures.add(this.analyses + ": " + ex);
		}
		if (this.failures.size() > failuresBefore) {
			say("     FAILED: %s", this.failures.get(this.failures.size() - 1));
		}
	}

	private void expectFailure(String title, String path, Object task, Long timeoutMillis,
			Class<? extends RuntimeException> expected) {
		this.analyses++;
		try {
			TaskResult<Object> result = this.client.post(path, task, timeoutMillis);
			say("%n%d. %s%s", this.analyses, title, timing(result));
			Object value = result.get();
			this.failures.add(this.analyses + ": expected " + expected.getSimpleName() + ", got " + value);
			say("     FAILED: no exception, got %s", value);
		}
		catch (RuntimeException ex) {
			boolean ok = expected.isInstance(ex);
			String status = (ex instanceof RemoteTaskException remote) ? " [" + remote.status() + "]" : "";
			say("     rethrown here: %s%s%s", ex, status, ok ? "" : "  (UNEXPECTED)");
			if (ok && !(ex instanceof RemoteTaskException)) {
				// The exception travelled back with the server's stack trace: show where
				// our code was.
				StackTraceElement where = Arrays.stream(ex.getStackTrace())
					.filter((frame) -> frame.getClassName().startsWith("com.example.analytics."))
					.findFirst()
					.orElse(ex.getStackTrace()[0]);
				say("     thrown on the server at %s", where);
			}
			if (!ok) {
				this.failures.add(this.analyses + ": expected " + expected.getSimpleName() + ", got " + ex);
			}
		}
	}

	/**
	 * The bytes of the request body: the classes of com.example.analytics travel with
	 * their bytes until the server confirms it holds them, then as their SHA-256 only.
	 */
	private String sent() {
		List<Integer> sizes = this.client.lastBodySizes();
		if (sizes.size() > 1) {
			return String.format(Locale.US,
					"request body: %,d bytes, then %,d bytes with the classes the server lacked", sizes.get(0),
					sizes.get(sizes.size() - 1));
		}
		return sizes.isEmpty() ? "request body: not sent"
				: String.format(Locale.US, "request body: %,d bytes", sizes.get(0));
	}

	private static String timing(TaskResult<?> result) {
		return String.format(Locale.US, "   [%s, %.1f ms on %s]", result.status(), result.elapsedMicros() / 1000.0,
				result.executedBy());
	}

	private void check(boolean condition, String what) {
		if (!condition) {
			this.failures.add("check failed: " + what);
		}
	}

	private static void say(String format, Object... args) {
		System.out.println(String.format(Locale.US, format, args));
	}

	@Override
	public int getExitCode() {
		return this.failures.isEmpty() ? 0 : 1;
	}

}
