package com.example.compute.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The compute server: a sales dataset in memory, and endpoints that run the closures
 * callers send, next to the data. The callers' classes are not on this class path: they
 * arrive by value in the payloads.
 */
@SpringBootApplication
@EnableConfigurationProperties(ComputeProperties.class)
public class ComputeServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ComputeServerApplication.class, args);
	}

}
