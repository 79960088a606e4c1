package com.example.cluster.member;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * One member of the sample cluster: a Spring Boot application embedding a Hazelcast
 * member. cloudpickle's auto-configuration prepares the member's configuration, so it
 * runs the pickled closures of callers it has never seen, under the
 * {@code cloudpickle.security.*} keys and gates.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ClusterMemberApplication {

	public static void main(String[] args) {
		SpringApplication.run(ClusterMemberApplication.class, args);
	}

}
