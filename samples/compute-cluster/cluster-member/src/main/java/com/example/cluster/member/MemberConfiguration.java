package com.example.cluster.member;

import java.util.Map;

import com.example.compute.api.FxRates;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The member's Hazelcast configuration: loopback only, TCP-IP join on 127.0.0.1,
 * multicast, auto-detection and phone-home off. Member ports belong on a private network:
 * Hazelcast Community Edition has no TLS and no member authentication.
 */
@Configuration(proxyBeanMethods = false)
class MemberConfiguration {

	@Bean
	Config hazelcastConfig(ClusterProperties cluster) {
		Config config = new Config();
		config.setClusterName(cluster.name());
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.logging.type", "slf4j");
		config.setProperty("hazelcast.wait.seconds.before.join", "0");
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(cluster.port()).setPortAutoIncrement(false);
		network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(true);
		cluster.members().forEach((port) -> join.getTcpIpConfig().addMember("127.0.0.1:" + port));
		return config;
	}

	/**
	 * This member's own rates: closures that capture the caller's FxRates bean use these.
	 */
	@Bean
	FxRates fxRates(ClusterProperties cluster) {
		return new FxRates("member on port " + cluster.port(), Map.of("EUR", 1.0, "USD", 1.08, "GBP", 0.86));
	}

}
