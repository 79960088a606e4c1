package com.example.compute.server;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The compute server's own settings.
 *
 * @param dataset where the sales CSV (gzip-compressed) is, as a Spring resource location
 * @param workers threads that run tasks
 * @param queueCapacity tasks that may wait for a thread; more are rejected
 * @param taskTimeout longest a task may run; a request may ask for less with
 * {@code X-Compute-Timeout-Millis}
 * @param maxResultRows most rows a map request returns
 */
@ConfigurationProperties("compute")
public record ComputeProperties(String dataset, int workers, int queueCapacity, Duration taskTimeout,
		int maxResultRows) {

	public ComputeProperties {
		dataset = (dataset != null) ? dataset : "classpath:data/sales.csv.gz";
		workers = (workers > 0) ? workers : Math.max(2, Runtime.getRuntime().availableProcessors());
		queueCapacity = (queueCapacity > 0) ? queueCapacity : 32;
		taskTimeout = (taskTimeout != null) ? taskTimeout : Duration.ofSeconds(10);
		maxResultRows = (maxResultRows > 0) ? maxResultRows : 10_000;
	}

}
