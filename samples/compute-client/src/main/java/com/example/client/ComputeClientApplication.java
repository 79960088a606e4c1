package com.example.client;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The compute client: runs the analyses of {@code com.example.analytics} on the compute
 * server and prints the results. Exits with 0 if every analysis gave what it should, 1
 * otherwise.
 */
@SpringBootApplication
public class ComputeClientApplication {

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(SpringApplication.run(ComputeClientApplication.class, args)));
	}

}
