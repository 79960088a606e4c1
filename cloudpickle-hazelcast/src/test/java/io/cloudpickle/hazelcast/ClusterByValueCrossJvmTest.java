package io.cloudpickle.hazelcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.example.cluster.Jobs;
import com.example.cluster.OutOfStock;
import com.example.cluster.Where;
import com.example.cluster.refused.Spawns;
import com.example.elsewhere.Outsider;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.hazelcast.testing.LoopbackConfigs;
import io.cloudpickle.hazelcast.testing.MemberJvm;
import io.cloudpickle.security.PayloadSignatureException;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The by-value proof: three member JVMs whose class path has Hazelcast, cloudpickle-core,
 * ASM and this module only, and a client (this JVM) that sends closures of
 * {@code com.example.cluster}, a package no member has. Members require HMAC-signed
 * payloads and allow by value only {@code com.example.cluster}. Runs on JDK 17 and again
 * on JDK 25 (bin/test).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterByValueCrossJvmTest {

	private static final String MAP = "stock";

	private static final int ENTRIES = 3_000;

	private static final byte[] KEY = "a 32-byte test key for the grid!".getBytes();

	private static final List<MemberJvm> members = new ArrayList<>();

	private static HazelcastInstance client;

	private static Pickler signing;

	private static CloudPickleHazelcast cluster;

	@BeforeAll
	static void startCluster() {
		Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
		String name = "cross-jvm-" + UUID.randomUUID();
		List<Integer> ports = LoopbackConfigs.freePorts(3);
		for (int port : ports) {
			members.add(MemberJvm.start(name, port, ports, HexFormat.of().formatHex(KEY), "com.example.cluster"));
		}
		members.forEach(MemberJvm::awaitReady);
		ClientConfig config = new ClientConfig();
		config.setClusterName(name);
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.logging.type", "jdk");
		config.setProperty("hazelcast.shutdownhook.enabled", "false");
		for (int port : ports) {
			config.getNetworkConfig().addAddress("127.0.0.1:" + port);
		}
		config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
		client = HazelcastClient.newHazelcastClient(config);
		awaitMembers(3);
		IMap<Integer, Integer> stock = client.getMap(MAP);
		Map<Integer, Integer> all = new HashMap<>();
		for (int i = 0; i < ENTRIES; i++) {
			all.put(i, i);
		}
		stock.putAll(all);
		signing = Pickler.builder()
			.useGlobalRegistry(false)
			.byValuePackages("com.example")
			.signWith(PayloadSigner.hmacSha256("cluster", KEY))
			.verifyWith(PayloadVerifier.hmacSha256("cluster", KEY))
			.build();
		cluster = CloudPickleHazelcast.on(client, signing).withTimeout(Duration.ofSeconds(60));
	}

	private static void awaitMembers(int count) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (client.getCluster().getMembers().size() != count && System.nanoTime() < deadline) {
			Thread.onSpinWait();
		}
		assertThat(client.getCluster().getMembers()).hasSize(count);
	}

	@AfterAll
	static void stopCluster() {
		if (client != null) {
			client.shutdown();
		}
		members.forEach(MemberJvm::close);
	}

	@Test
	@Order(1)
	void membersLackTheClientsClasses() {
		assertThat(members.get(0).output()).doesNotContain("com.example");
		assertThat(Where.class.getProtectionDomain().getCodeSource().getLocation().getPath()).endsWith("test-classes/");
	}

	@Test
	@Order(2)
	void keyOwnerTasksRunWhereTheKeyLivesAndReturnTheClientsOwnTypes() throws Exception {
		for (int key : List.of(3, 1500, 2999)) {
			Where where = cluster.onKeyOwner(MAP, key, Jobs.where(MAP, key)).get(60, TimeUnit.SECONDS);
			assertThat(where.keyIsLocal()).isTrue();
			assertThat(where.member())
				.isEqualTo(client.getPartitionService().getPartition(key).getOwner().getUuid().toString());
			assertThat(where.localEntries()).isBetween(1, ENTRIES - 1);
		}
	}

	@Test
	@Order(3)
	void allMembersAggregationAndEntryProcessorRunByValue() throws Exception {
		List<Integer> counts = cluster.onAllMembers(Jobs.localCount(MAP)).get(60, TimeUnit.SECONDS);
		assertThat(counts).hasSize(3).allSatisfy((count) -> assertThat(count).isPositive());
		assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(ENTRIES);

		Map<String, Long> sums = cluster.groupBy(MAP, Jobs.odd(), Jobs.bucket(), Jobs.asLong(), Jobs.sum())
			.get(60, TimeUnit.SECONDS);
		Map<String, Long> expected = new HashMap<>();
		for (int i = 1; i < ENTRIES; i += 2) {
			expected.merge("b" + (i % 3), (long) i, Long::sum);
		}
		assertThat(sums).isEqualTo(expected);

		IMap<String, Integer> prices = client.getMap("prices");
		prices.put("tea", 3);
		prices.put("coffee", 5);
		Map<String, Integer> doubled = cluster.updateEntries("prices", Jobs.<String>doubled())
			.get(60, TimeUnit.SECONDS);
		assertThat(doubled).containsExactlyInAnyOrderEntriesOf(Map.of("tea", 6, "coffee", 10));
		assertThat(prices.get("coffee")).isEqualTo(10);
	}

	@Test
	@Order(4)
	void anExceptionComesBackWithItsClassMessageAndMemberStack() {
		assertThatThrownBy(() -> cluster.onKeyOwner(MAP, 7, Jobs.outOfStock(7)).get(60, TimeUnit.SECONDS))
			.isInstanceOf(ExecutionException.class)
			.cause()
			.isExactlyInstanceOf(OutOfStock.class)
			.hasMessage("item 7 is out of stock")
			.satisfies((ex) -> {
				assertThat(((OutOfStock) ex).item()).isEqualTo(7);
				assertThat(ex.getStackTrace())
					.anySatisfy((frame) -> assertThat(frame.getClassName()).isEqualTo(TaskCall.class.getName()));
			});
	}

	@Test
	@Order(5)
	void unsignedAndRefusedPayloadsAreRefusedOnTheMembers() {
		CloudPickleHazelcast unsigned = CloudPickleHazelcast.on(client,
				Pickler.builder()
					.useGlobalRegistry(false)
					.byValuePackages("com.example")
					.verifyWith(PayloadVerifier.hmacSha256("cluster", KEY))
					.build());
		assertThatThrownBy(() -> unsigned.onKeyOwner(MAP, 1, Jobs.localCount(MAP)).get(60, TimeUnit.SECONDS)).cause()
			.isInstanceOf(PayloadSignatureException.class)
			.hasMessageContaining("payload is not signed");
		assertThatThrownBy(() -> cluster.onKeyOwner(MAP, 1, Spawns.exitCode()).get(60, TimeUnit.SECONDS)).cause()
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("com.example.cluster.refused.Spawns")
			.hasMessageContaining("ProcessBuilder");
		assertThatThrownBy(() -> cluster.onKeyOwner(MAP, 1, Outsider.hello()).get(60, TimeUnit.SECONDS)).cause()
			.isInstanceOf(ClassRefusedException.class)
			.hasMessageContaining("com.example.elsewhere.Outsider");
	}

	@Test
	@Order(6)
	void classBytesTravelOncePerMember() throws Exception {
		CloudPickleHazelcast fresh = CloudPickleHazelcast.on(client, signing);
		fresh.onAllMembers(Jobs.localCount(MAP)).get(60, TimeUnit.SECONDS);
		Traffic first = fresh.traffic();
		fresh.onAllMembers(Jobs.localCount(MAP)).get(60, TimeUnit.SECONDS);
		Traffic second = fresh.traffic().since(first);

		long bundle = signing.dumpsFor(new io.cloudpickle.PeerClasses(), Jobs.localCount(MAP)).classBytes();
		assertThat(bundle).isGreaterThan(1000);
		assertThat(first.payloads()).isEqualTo(3);
		assertThat(first.classBytes()).isEqualTo(3 * bundle);
		assertThat(second.payloads()).isEqualTo(3);
		assertThat(second.classBytes()).isZero();
		assertThat(second.payloadBytes()).isLessThan(first.payloadBytes() - 3 * bundle + 3 * 200);
		assertThat(fresh.traffic().resends()).isZero();
	}

	@Test
	@Order(7)
	void aMemberKilledMidRunGivesTheRightResultOrAClearErrorInBoundedTime() throws Exception {
		CloudPickleHazelcast bounded = cluster.withTimeout(Duration.ofSeconds(45));
		CompletableFuture<Long> total = bounded.aggregate(MAP, Jobs.slowlyAll(1), Jobs.zero(), Jobs.plus(), Jobs.sum());
		CompletableFuture<Integer> onVictim = bounded.onAllMembers(Jobs.slowLocalCount(MAP, 3_000))
			.thenApply((list) -> list.stream().mapToInt(Integer::intValue).sum());
		Thread.sleep(700);
		members.get(2).kill();
		long started = System.nanoTime();
		try {
			assertThat(total.get(60, TimeUnit.SECONDS)).isEqualTo((long) ENTRIES * (ENTRIES - 1) / 2);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).hasMessageNotContaining("UndefinedErrorCode");
			assertThat(ex.getCause().getMessage()).isNotBlank();
		}
		assertThatThrownBy(() -> onVictim.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.satisfies((ex) -> assertThat(ex.getClass().getName()).doesNotContain("UndefinedErrorCode"));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(50));
		// Backups hold the dead member's entries: the data is whole again.
		awaitMembers(2);
		Map<String, Long> sums = cluster.groupBy(MAP, Closures.Filter.all(), Jobs.bucket(), Jobs.asLong(), Jobs.sum())
			.get(60, TimeUnit.SECONDS);
		assertThat(sums.values().stream().mapToLong(Long::longValue).sum())
			.isEqualTo((long) ENTRIES * (ENTRIES - 1) / 2);
	}

}
