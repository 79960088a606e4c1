package com.example.members;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.HazelcastInstance;
import io.cloudpickle.spring.boot.autoconfigure.CloudPickleAutoConfiguration;
import io.cloudpickle.spring.boot.autoconfigure.CloudPickleBeansByReferenceAutoConfiguration;
import io.cloudpickle.spring.boot.autoconfigure.CloudPickleHazelcastAutoConfiguration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot application embedding a Hazelcast member, run in its own JVM by the
 * cross-JVM test: the starter's auto-configuration prepares the member and installs beans
 * by reference. With {@code member.rates=true} it has a {@link Rates} bean named
 * {@code rates}; without, it has none. Its class path has no closure of the test. Prints
 * {@code MEMBER READY <uuid>} once started; stops when its stdin closes.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ CloudPickleBeansByReferenceAutoConfiguration.class, CloudPickleAutoConfiguration.class,
		HazelcastAutoConfiguration.class, CloudPickleHazelcastAutoConfiguration.class })
public class BeanMemberApplication {

	public static void main(String[] args) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BeanMemberApplication.class)
			.web(WebApplicationType.NONE)
			.run(args);
		HazelcastInstance member = context.getBean(HazelcastInstance.class);
		System.out.println("MEMBER READY " + member.getCluster().getLocalMember().getUuid());
		System.out.flush();
		BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		while (stdin.readLine() != null) {
			// until the test closes our stdin
		}
		context.close();
		System.exit(0);
	}

	@Bean
	Config hazelcastConfig(@Value("${member.cluster}") String cluster, @Value("${member.port}") int port,
			@Value("${member.ports}") List<Integer> ports) {
		Config config = new Config();
		config.setClusterName(cluster);
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.wait.seconds.before.join", "0");
		config.setProperty("hazelcast.logging.type", "jdk");
		config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
		config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
		JoinConfig join = config.getNetworkConfig().getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(true);
		ports.forEach((member) -> join.getTcpIpConfig().addMember("127.0.0.1:" + member));
		return config;
	}

	@Bean
	@ConditionalOnBooleanProperty("member.rates")
	Rates rates(@Value("${member.port}") int port) {
		return new Rates("member on port " + port, 1.25);
	}

}
