package com.example.analytics;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

import com.example.compute.api.GroupByRequest;
import com.example.compute.api.MapRequest;
import com.example.compute.api.ReduceRequest;
import com.example.compute.api.Sale;
import com.example.compute.api.SerCallable;

/**
 * The analyses, as requests whose functions are lambdas and method references defined
 * here. This class (and everything of this package it uses) travels by value to the
 * server, which runs the functions over its dataset.
 */
public final class SalesAnalyses {

	private SalesAnalyses() {
	}

	/**
	 * Revenue per region: an enum key with a body, method references for the value and
	 * the merge.
	 */
	public static GroupByRequest<Region, Double> revenueByRegion() {
		return new GroupByRequest<>(null, (sale) -> Region.of(sale.region()), Sale::revenue, Double::sum);
	}

	/**
	 * Revenue per product in one year: the filter is a plain
	 * {@code java.util.function.Predicate} (not Serializable) that captures {@code year};
	 * it travels because the client runs with the cloudpickle agent.
	 */
	public static GroupByRequest<String, Double> productRevenueIn(int year) {
		Predicate<Sale> inYear = (sale) -> sale.date().getYear() == year;
		return new GroupByRequest<>(inYear::test, Sale::product, Sale::revenue, Double::sum);
	}

	/**
	 * The suspicious lines, as records made on the server: the filter and the mapper
	 * capture the rule.
	 */
	public static MapRequest<Flagged> anomalies(AnomalyRule rule, int limit) {
		return new MapRequest<>(rule::test, (sale) -> Flagged.of(sale, rule), limit);
	}

	/**
	 * Order value per season in one region: an enum key computed by a helper, a record as
	 * the aggregate.
	 */
	public static GroupByRequest<Season, Summary> basketBySeason(String region) {
		return new GroupByRequest<>((sale) -> sale.region().equals(region), (sale) -> Season.of(sale.date()),
				(sale) -> Summary.of(sale.revenue()), Summary::merge);
	}

	/** Online revenue between two dates (inclusive), as a reduce. */
	public static ReduceRequest<Double> onlineRevenue(LocalDate from, LocalDate to) {
		return new ReduceRequest<>(
				(sale) -> sale.channel().equals("online") && !sale.date().isBefore(from) && !sale.date().isAfter(to),
				Sale::revenue, 0.0, Double::sum);
	}

	/**
	 * Where the task runs: answers with facts about the JVM that ran it. (The pid comes
	 * from the runtime MXBean: received code that names java.lang.ProcessHandle is
	 * refused by the server's bytecode check.)
	 */
	public static SerCallable<List<String>> whereAmI() {
		return () -> List.of("pid " + java.lang.management.ManagementFactory.getRuntimeMXBean().getPid(),
				"Java " + Runtime.version(),
				"class loader of this lambda's class: " + SalesAnalyses.class.getClassLoader().getName());
	}

	/** A task that fails on the server: an unknown region code. */
	public static SerCallable<Region> regionOf(String code) {
		return () -> Region.of(code);
	}

	/**
	 * A task that ignores nothing but takes too long: sleeps (interruptibly) for
	 * {@code millis}.
	 */
	public static SerCallable<String> slow(long millis) {
		return () -> {
			Thread.sleep(millis);
			return "woke up after " + millis + " ms";
		};
	}

}
