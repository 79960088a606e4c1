package com.example.clusteranalytics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import com.example.compute.api.FxRates;
import io.cloudpickle.hazelcast.CloudPickleHazelcast;
import io.cloudpickle.hazelcast.Traffic;

import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

/** Runs the analyses on the cluster once and prints what they found. */
@Component
class ClusterAnalysesRunner implements CommandLineRunner {

	private final CloudPickleHazelcast cluster;

	private final FxRates rates;

	ClusterAnalysesRunner(CloudPickleHazelcast cluster, FxRates rates) {
		this.cluster = cluster.withTimeout(Duration.ofSeconds(60));
		this.rates = rates;
	}

	@Override
	public void run(String... args) throws Exception {
		awaitData();

		Traffic before = this.cluster.traffic();
		List<Analyses.MemberScan> scans = this.cluster.onAllMembers(Analyses.scanLocalRows()).get(60, TimeUnit.SECONDS);
		Traffic firstCall = this.cluster.traffic().since(before);
		long total = 0;
		for (Analyses.MemberScan scan : scans) {
			System.out.printf("member %s scanned %d rows (revenue %.2f EUR)%n", scan.member(), scan.rows(),
					scan.revenue());
			total += scan.rows();
		}
		System.out.println("rows scanned in total: " + total);
		this.cluster.onAllMembers(Analyses.scanLocalRows()).get(60, TimeUnit.SECONDS);
		Traffic secondCall = this.cluster.traffic().since(before).since(firstCall);
		System.out.printf("task bytes to %d members: first call %d (class bytes %d), second call %d (class bytes %d)%n",
				scans.size(), firstCall.payloadBytes(), firstCall.classBytes(), secondCall.payloadBytes(),
				secondCall.classBytes());

		Map<String, Double> byRegion = this.cluster
			.groupBy(Analyses.SALES, Analyses.inYear(2024), Analyses.region(), Analyses.revenue(), Analyses.plus())
			.get(60, TimeUnit.SECONDS);
		new TreeMap<>(byRegion)
			.forEach((region, revenue) -> System.out.printf("revenue 2024 %s: %.2f EUR%n", region, revenue));

		long units = this.cluster
			.aggregate(Analyses.SALES, (sale) -> true, Analyses.noUnits(), Analyses.addUnits(), Analyses.sum())
			.get(60, TimeUnit.SECONDS);
		System.out.println("units sold: " + units);

		System.out.println("sale 123456: "
				+ this.cluster.onKeyOwner(Analyses.SALES, 123456L, Analyses.lookUp(123456L)).get(60, TimeUnit.SECONDS));

		for (String line : this.cluster.onAllMembers(Analyses.convertLocalRevenue(this.rates, "USD"))
			.get(60, TimeUnit.SECONDS)) {
			System.out.println("local revenue converted by " + line);
		}
		System.out.println("ANALYSES DONE");
	}

	private void awaitData() throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
		while (this.cluster.hazelcast().getMap("sales-loaded").get("rows") == null) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the members did not load the sales in time");
			}
			Thread.sleep(200);
		}
		// Partitions still migrating would be counted on two members.
		while (!this.cluster.onAllMembers(Readiness.clusterSafe())
			.get(60, TimeUnit.SECONDS)
			.stream()
			.allMatch(Boolean::booleanValue)) {
			Thread.sleep(200);
		}
	}

}
