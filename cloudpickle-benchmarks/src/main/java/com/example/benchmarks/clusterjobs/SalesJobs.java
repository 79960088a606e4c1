package com.example.benchmarks.clusterjobs;

import io.cloudpickle.benchmarks.cluster.SaleRow;
import io.cloudpickle.hazelcast.Closures;
import io.cloudpickle.hazelcast.MemberTask;

/** The closures of the cluster harness; this package is pickled by value. */
public final class SalesJobs {

	private SalesJobs() {
	}

	public static Closures.Filter<SaleRow> inYear(int year) {
		return (sale) -> sale.year() == year;
	}

	public static Closures.Fn<SaleRow, String> region() {
		return SaleRow::region;
	}

	public static Closures.Fn<SaleRow, Double> revenue() {
		return SaleRow::revenue;
	}

	public static Closures.Merge<Double> plus() {
		return Double::sum;
	}

	public static MemberTask<Integer> localRows(String map) {
		return (context) -> context.localEntries(map).size();
	}

}
