package com.example.cluster.member;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.example.compute.api.Sale;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Puts the compute server's sales (about 300,000) into the partitioned map {@code sales}
 * (key: the sale's id), once all members have joined, so every member owns about a third.
 * Sale is a record every member has, stored with Hazelcast's Compact serialization:
 * values stored in maps must be classes the members have.
 */
@Component
class SalesLoader implements ApplicationRunner {

	static final String MAP = "sales";

	static final String LOADED = "sales-loaded";

	private static final Log logger = LogFactory.getLog(SalesLoader.class);

	private final HazelcastInstance hazelcast;

	private final ClusterProperties cluster;

	SalesLoader(HazelcastInstance hazelcast, ClusterProperties cluster) {
		this.hazelcast = hazelcast;
		this.cluster = cluster;
	}

	@Override
	public void run(ApplicationArguments args) throws InterruptedException {
		System.out.println("MEMBER READY on port " + this.cluster.port());
		if (!this.cluster.loader()) {
			return;
		}
		while (this.hazelcast.getCluster().getMembers().size() < this.cluster.members().size()) {
			Thread.sleep(100);
		}
		awaitClusterSafe();
		IMap<Long, Sale> sales = this.hazelcast.getMap(MAP);
		if (!sales.isEmpty()) {
			return;
		}
		long start = System.nanoTime();
		Map<Long, Sale> batch = new HashMap<>();
		long count = 0;
		try (BufferedReader in = new BufferedReader(new InputStreamReader(
				new GZIPInputStream(new ClassPathResource("data/sales.csv.gz").getInputStream(), 1 << 16),
				StandardCharsets.UTF_8))) {
			in.readLine();
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				Sale sale = parse(++count, line.split(",", -1));
				batch.put(sale.id(), sale);
				if (batch.size() == 20_000) {
					sales.putAll(batch);
					batch.clear();
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the sales data set", ex);
		}
		sales.putAll(batch);
		logger.info(String.format("Put %,d sales into map %s in %d ms", count, MAP,
				(System.nanoTime() - start) / 1_000_000));
		awaitClusterSafe();
		// Callers wait for this marker: the map's size alone cannot tell a finished load.
		this.hazelcast.getMap(LOADED).put("rows", count);
		System.out.println("SALES LOADED " + count);
	}

	/** Until no partition is migrating and every backup is in sync. */
	private void awaitClusterSafe() throws InterruptedException {
		while (!this.hazelcast.getPartitionService().isClusterSafe()) {
			Thread.sleep(100);
		}
	}

	private static Sale parse(long id, String[] f) {
		return new Sale(id, LocalDate.parse(f[0]), f[1], f[2], f[3], f[4], f[5], f[6], Integer.parseInt(f[7]),
				Double.parseDouble(f[8]), Double.parseDouble(f[9]));
	}

}
