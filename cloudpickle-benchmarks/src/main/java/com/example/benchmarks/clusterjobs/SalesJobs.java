package com.example.benchmarks.clusterjobs;

import com.example.compute.api.GroupByRequest;
import com.example.compute.api.Sale;
import io.cloudpickle.hazelcast.Closures;
import io.cloudpickle.hazelcast.MemberTask;

/**
 * The group-by of the cluster harness (2024 revenue by region), once as the compute
 * server's request and once as closures for the cluster: the same lambdas. This package
 * is pickled by value; neither the server nor the members have it.
 */
public final class SalesJobs {

	/** The year the group-by keeps. */
	public static final int YEAR = 2024;

	private SalesJobs() {
	}

	/** {@code POST /compute/dataset/group-by}: 2024 revenue by region. */
	public static GroupByRequest<String, Double> revenueByRegion() {
		return new GroupByRequest<>((sale) -> sale.date().getYear() == YEAR, Sale::region, Sale::revenue, Double::sum);
	}

	public static Closures.Filter<Sale> inYear() {
		return (sale) -> sale.date().getYear() == YEAR;
	}

	public static Closures.Fn<Sale, String> region() {
		return Sale::region;
	}

	public static Closures.Fn<Sale, Double> revenue() {
		return Sale::revenue;
	}

	public static Closures.Merge<Double> plus() {
		return Double::sum;
	}

	/** How many entries of {@code map} a member holds. */
	public static MemberTask<Integer> localRows(String map) {
		return (context) -> context.localEntries(map).size();
	}

}
