package io.cloudpickle.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.example.members.Rates;
import com.example.ratetasks.RateTasks;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import io.cloudpickle.PickleException;
import io.cloudpickle.hazelcast.CloudPickleHazelcast;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring beans by reference across JVMs: two Spring Boot members in their own JVMs (the
 * starter's auto-configuration, class path without the test's closures), one with a
 * {@code rates} bean and one without, and a Spring Boot Hazelcast client in this JVM with
 * a {@code rates} bean of its own. A closure of {@code com.example.ratetasks} (by value)
 * that captures the client's bean runs with the member's own bean; on the member without
 * it, the payload is refused with a {@link PickleException} naming the bean. Runs on JDK
 * 17 and again on JDK 25 (bin/test).
 */
class HazelcastBeansByReferenceCrossJvmTest {

	private static final String KEY = Base64.getEncoder()
		.encodeToString("a 32-byte key for the members!!!".getBytes(StandardCharsets.US_ASCII));

	private static final List<SpringMemberJvm> members = new ArrayList<>();

	private static String withRates;

	private static String withoutRates;

	private static ConfigurableApplicationContext client;

	@BeforeAll
	static void startMembersAndClient() throws IOException {
		String cluster = "beans-" + UUID.randomUUID();
		List<Integer> ports = freePorts(2);
		String all = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
		for (int i = 0; i < 2; i++) {
			members.add(SpringMemberJvm.start(List.of("--member.cluster=" + cluster, "--member.port=" + ports.get(i),
					"--member.ports=" + all, "--member.rates=" + (i == 0), "--cloudpickle.security.hmac.keys.k1=" + KEY,
					"--cloudpickle.security.signing-key-id=k1",
					"--cloudpickle.security.allowed-by-value-packages=com.example.ratetasks",
					"--logging.level.com.hazelcast=warn")));
		}
		withRates = members.get(0).awaitReady();
		withoutRates = members.get(1).awaitReady();
		client = new SpringApplicationBuilder(ClientApplication.class).web(WebApplicationType.NONE)
			.run("--member.cluster=" + cluster, "--member.ports=" + all, "--cloudpickle.security.hmac.keys.k1=" + KEY,
					"--cloudpickle.security.signing-key-id=k1", "--cloudpickle.by-value-packages=com.example.ratetasks",
					"--cloudpickle.security.allowed-by-value-packages=com.example.ratetasks",
					"--logging.level.com.hazelcast=warn");
	}

	@AfterAll
	static void stop() {
		if (client != null) {
			client.close();
		}
		members.forEach(SpringMemberJvm::close);
	}

	@Test
	void membersLackTheClosuresPackage() throws IOException {
		assertThat(Files.readString(Paths.get(System.getProperty("cloudpickle.test.memberClasspathFile"))))
			.doesNotContain("test-classes");
		assertThat(RateTasks.class.getProtectionDomain().getCodeSource().getLocation().getPath())
			.endsWith("test-classes/");
	}

	@Test
	void aCapturedBeanResolvesToTheMembersOwnBean() throws Exception {
		CloudPickleHazelcast cluster = client.getBean(CloudPickleHazelcast.class);
		Rates clientRates = client.getBean(Rates.class);
		assertThat(clientRates.source()).isEqualTo("the client");
		String answer = cluster.onKeyOwner("rates", keyOwnedBy(withRates), RateTasks.convert(clientRates, 100))
			.get(60, TimeUnit.SECONDS);
		assertThat(answer).startsWith("member on port ")
			.endsWith(" converted 100.0 EUR to 125.0 USD; the member's own bean: true");
	}

	@Test
	void aMemberWithoutTheBeanRefusesThePayloadNamingIt() {
		CloudPickleHazelcast cluster = client.getBean(CloudPickleHazelcast.class);
		assertThatThrownBy(() -> cluster
			.onKeyOwner("rates", keyOwnedBy(withoutRates), RateTasks.convert(client.getBean(Rates.class), 100))
			.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("Spring bean 'rates' (com.example.members.Rates)")
			.hasMessageContaining("no bean of that name");
	}

	/** A key whose partition the member {@code uuid} owns. */
	private static String keyOwnedBy(String uuid) throws InterruptedException {
		HazelcastInstance hazelcast = client.getBean(HazelcastInstance.class);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			for (int i = 0; i < 1000; i++) {
				Partition partition = hazelcast.getPartitionService().getPartition("key-" + i);
				if (partition.getOwner() != null && partition.getOwner().getUuid().toString().equals(uuid)) {
					return "key-" + i;
				}
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("member " + uuid + " owns no partition");
	}

	private static List<Integer> freePorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	/**
	 * The caller: a Spring Boot application with a Hazelcast client and a {@code rates}
	 * bean of its own.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ CloudPickleBeansByReferenceAutoConfiguration.class, CloudPickleAutoConfiguration.class,
			HazelcastAutoConfiguration.class, CloudPickleHazelcastAutoConfiguration.class })
	static class ClientApplication {

		@Bean
		ClientConfig hazelcastClientConfig(@Value("${member.cluster}") String cluster,
				@Value("${member.ports}") List<Integer> ports) {
			ClientConfig config = new ClientConfig();
			config.setClusterName(cluster);
			config.setProperty("hazelcast.phone.home.enabled", "false");
			config.setProperty("hazelcast.logging.type", "jdk");
			ports.forEach((port) -> config.getNetworkConfig().addAddress("127.0.0.1:" + port));
			config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(60_000);
			return config;
		}

		@Bean
		Rates rates() {
			return new Rates("the client", 9.0);
		}

	}

}
