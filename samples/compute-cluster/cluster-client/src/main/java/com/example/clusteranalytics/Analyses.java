package com.example.clusteranalytics;

import java.util.Map;

import com.example.compute.api.FxRates;
import com.example.compute.api.Sale;
import io.cloudpickle.hazelcast.Closures;
import io.cloudpickle.hazelcast.MemberTask;

/**
 * The analyses: closures over the members' local sales. This class, its lambdas and the
 * records they return travel by value.
 */
final class Analyses {

	static final String SALES = "sales";

	private Analyses() {
	}

	/** What one member holds: its address, its rows and their revenue. */
	record MemberScan(String member, int rows, double revenue) {
	}

	/** Each member scans its own partitions, without fetching a row over the network. */
	static MemberTask<MemberScan> scanLocalRows() {
		return (context) -> {
			Map<Long, Sale> local = context.localEntries(SALES);
			double revenue = 0;
			for (Sale sale : local.values()) {
				revenue += sale.revenue();
			}
			return new MemberScan(context.hazelcast().getCluster().getLocalMember().getAddress().toString(),
					local.size(), revenue);
		};
	}

	static Closures.Filter<Sale> inYear(int year) {
		return (sale) -> sale.date().getYear() == year;
	}

	static Closures.Fn<Sale, String> region() {
		return Sale::region;
	}

	static Closures.Fn<Sale, Double> revenue() {
		return Sale::revenue;
	}

	static Closures.Merge<Double> plus() {
		return Double::sum;
	}

	static Closures.Zero<Long> noUnits() {
		return () -> 0L;
	}

	static Closures.Add<Long, Sale> addUnits() {
		return (units, sale) -> units + sale.quantity();
	}

	static Closures.Merge<Long> sum() {
		return Long::sum;
	}

	/** Reads one sale where it lives. */
	static MemberTask<String> lookUp(long id) {
		return (context) -> context.hazelcast().getCluster().getLocalMember().getAddress() + " holds "
				+ context.hazelcast().getMap(SALES).get(id);
	}

	/**
	 * Captures the client's FxRates bean: it travels as a reference, and each member
	 * converts with its own bean.
	 */
	static MemberTask<String> convertLocalRevenue(FxRates rates, String currency) {
		return (context) -> {
			double euros = 0;
			for (Object value : context.localEntries(SALES).values()) {
				euros += ((Sale) value).revenue();
			}
			return String.format("%s: %,.2f %s", rates.source(), rates.convert(euros, currency), currency);
		};
	}

}
