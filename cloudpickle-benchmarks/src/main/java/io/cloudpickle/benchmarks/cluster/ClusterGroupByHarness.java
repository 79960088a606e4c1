package io.cloudpickle.benchmarks.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;

import com.example.benchmarks.clusterjobs.SalesJobs;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.cloudpickle.Pickler;
import io.cloudpickle.hazelcast.Closures;
import io.cloudpickle.hazelcast.CloudPickleHazelcast;
import io.cloudpickle.hazelcast.Traffic;

/**
 * A timed harness (not JMH: one run is seconds of cluster work) for docs/BENCHMARKS.md:
 * the sample's group-by (2024 revenue by region) over the compute server's 300,118 sales,
 * on three embedded Hazelcast members through {@code CloudPickleHazelcast.groupBy},
 * versus one JVM that unpickles the same closures and loops over the rows in a list, as
 * the compute server does; and the bytes of a task sent to three members, first call
 * versus later calls.
 *
 * <p>
 * {@code java -cp cloudpickle-benchmarks/target/benchmarks.jar
 * io.cloudpickle.benchmarks.cluster.ClusterGroupByHarness [sales.csv.gz] [rounds]}
 */
public final class ClusterGroupByHarness {

	private static final String MAP = "sales";

	private ClusterGroupByHarness() {
	}

	public static void main(String[] args) throws Exception {
		Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
		Path data = Paths
			.get((args.length > 0) ? args[0] : "samples/compute-server/src/main/resources/data/sales.csv.gz");
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 15;
		List<SaleRow> rows = read(data);
		Pickler pickler = Pickler.builder().useGlobalRegistry(false).byValuePackages("com.example.benchmarks").build();

		double[] single = new double[rounds];
		for (int i = 0; i < rounds; i++) {
			long start = System.nanoTime();
			singleJvmGroupBy(pickler, rows);
			single[i] = (System.nanoTime() - start) / 1e6;
		}

		List<HazelcastInstance> members = startMembers(3);
		try {
			IMap<Long, SaleRow> sales = members.get(0).getMap(MAP);
			Map<Long, SaleRow> batch = new HashMap<>();
			for (SaleRow row : rows) {
				batch.put(row.id(), row);
				if (batch.size() == 20_000) {
					sales.putAll(batch);
					batch.clear();
				}
			}
			sales.putAll(batch);
			while (!members.get(0).getPartitionService().isClusterSafe()) {
				Thread.sleep(50);
			}
			CloudPickleHazelcast cluster = CloudPickleHazelcast.on(members.get(0), pickler);
			double[] onCluster = new double[rounds];
			Map<String, Double> expected = singleJvmGroupBy(pickler, rows);
			for (int i = 0; i < rounds; i++) {
				long start = System.nanoTime();
				Map<String, Double> result = cluster
					.groupBy(MAP, SalesJobs.inYear(2024), SalesJobs.region(), SalesJobs.revenue(), SalesJobs.plus())
					.get(120, TimeUnit.SECONDS);
				onCluster[i] = (System.nanoTime() - start) / 1e6;
				check(expected, result);
			}
			CloudPickleHazelcast fresh = CloudPickleHazelcast.on(members.get(0), pickler);
			fresh.onAllMembers(SalesJobs.localRows(MAP)).get(60, TimeUnit.SECONDS);
			Traffic first = fresh.traffic();
			fresh.onAllMembers(SalesJobs.localRows(MAP)).get(60, TimeUnit.SECONDS);
			Traffic later = fresh.traffic().since(first);

			System.out.printf("rows: %,d; rounds: %d; cores: %d%n", rows.size(), rounds,
					Runtime.getRuntime().availableProcessors());
			System.out.println("| group-by 2024 revenue by region | median ms | min ms |");
			System.out.println("|---|---|---|");
			System.out.printf("| one JVM, rows in a list (the compute server's loop) | %.1f | %.1f |%n", median(single),
					min(single));
			System.out.printf("| 3 embedded members, CloudPickleHazelcast.groupBy | %.1f | %.1f |%n", median(onCluster),
					min(onCluster));
			System.out.println();
			System.out.println("| task to 3 members | payload bytes | class bytes |");
			System.out.println("|---|---|---|");
			System.out.printf("| first call | %d | %d |%n", first.payloadBytes(), first.classBytes());
			System.out.printf("| later call | %d | %d |%n", later.payloadBytes(), later.classBytes());
		}
		finally {
			members.forEach((member) -> member.getLifecycleService().terminate());
		}
	}

	/**
	 * What the compute server does per request: load the closures, loop over its list.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Double> singleJvmGroupBy(Pickler pickler, List<SaleRow> rows) {
		Closures.Filter<SaleRow> filter = (Closures.Filter<SaleRow>) pickler
			.loads(pickler.dumps(SalesJobs.inYear(2024)));
		Closures.Fn<SaleRow, String> key = (Closures.Fn<SaleRow, String>) pickler
			.loads(pickler.dumps(SalesJobs.region()));
		Closures.Fn<SaleRow, Double> value = (Closures.Fn<SaleRow, Double>) pickler
			.loads(pickler.dumps(SalesJobs.revenue()));
		Closures.Merge<Double> merge = (Closures.Merge<Double>) pickler.loads(pickler.dumps(SalesJobs.plus()));
		Map<String, Double> groups = new HashMap<>();
		for (SaleRow row : rows) {
			if (filter.test(row)) {
				groups.merge(key.apply(row), value.apply(row), merge);
			}
		}
		return groups;
	}

	private static void check(Map<String, Double> expected, Map<String, Double> actual) {
		if (!expected.keySet().equals(actual.keySet())) {
			throw new IllegalStateException("groups differ: " + expected + " vs " + actual);
		}
		expected.forEach((group, sum) -> {
			if (Math.abs(sum - actual.get(group)) > 0.01) {
				throw new IllegalStateException("sum of " + group + " differs: " + sum + " vs " + actual.get(group));
			}
		});
	}

	private static List<SaleRow> read(Path data) throws IOException {
		List<SaleRow> rows = new ArrayList<>(320_000);
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(new GZIPInputStream(Files.newInputStream(data)), StandardCharsets.UTF_8))) {
			in.readLine();
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				String[] f = line.split(",", -1);
				rows.add(new SaleRow(rows.size() + 1, Integer.parseInt(f[0].substring(0, 4)), f[1].intern(),
						f[6].intern(), Integer.parseInt(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9])));
			}
		}
		return rows;
	}

	private static List<HazelcastInstance> startMembers(int count) throws IOException {
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				ports.add(probe.getLocalPort());
			}
		}
		String name = "harness-" + UUID.randomUUID();
		List<HazelcastInstance> members = new ArrayList<>();
		for (int port : ports) {
			Config config = new Config();
			config.setClusterName(name);
			config.setProperty("hazelcast.phone.home.enabled", "false");
			config.setProperty("hazelcast.wait.seconds.before.join", "0");
			config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
			config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
			config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
			config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
			config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true);
			ports.forEach(
					(member) -> config.getNetworkConfig().getJoin().getTcpIpConfig().addMember("127.0.0.1:" + member));
			members.add(Hazelcast
				.newHazelcastInstance(CloudPickleHazelcast.configureMember(config, Pickler.builder().build())));
		}
		return members;
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	private static double min(double[] values) {
		return Arrays.stream(values).min().orElse(Double.NaN);
	}

}
