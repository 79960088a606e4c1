package com.example.clusteranalytics;

import java.util.List;
import java.util.Map;

import com.example.compute.api.FxRates;
import com.hazelcast.client.config.ClientConfig;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The cluster's caller: a Hazelcast client (auto-configured by Spring Boot from the
 * {@link ClientConfig} bean) and cloudpickle's {@code CloudPickleHazelcast} bean, which
 * sends {@link Analyses} to the members. No member has this package.
 */
@SpringBootApplication
public class ClusterClientApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(ClusterClientApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		System.exit(SpringApplication.exit(application.run(args)));
	}

	/**
	 * Loopback members; a bounded cluster-connect timeout, since the client's default is
	 * to retry for ever.
	 */
	@Bean
	ClientConfig hazelcastClientConfig(@Value("${cluster.name}") String name,
			@Value("${cluster.members}") List<Integer> members) {
		ClientConfig config = new ClientConfig();
		config.setClusterName(name);
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.logging.type", "slf4j");
		members.forEach((port) -> config.getNetworkConfig().addAddress("127.0.0.1:" + port));
		config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(30_000);
		return config;
	}

	/**
	 * The client's own rates; analyses that capture this bean use each member's instead.
	 */
	@Bean
	FxRates fxRates() {
		return new FxRates("the client", Map.of("EUR", 1.0, "USD", 1.10, "GBP", 0.85));
	}

}
