package com.example.compute.server;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The compute server's own settings.
 *
 * @param dataset where the sales CSV (gzip-compressed) is, as a Spring resource location
 * @param isolation where received code runs: {@code process} (worker JVMs, the default)
 * or {@code thread} (threads of the server, faster, no isolation)
 * @param workers worker processes or threads that run tasks
 * @param queueCapacity tasks that may wait for a worker; more are rejected
 * @param taskTimeout longest a task may take, loading its payload and pickling its result
 * included; a request may ask for less with {@code X-Compute-Timeout-Millis}
 * @param maxResultRows most rows a map request returns
 * @param uploadTimeout longest the server waits for a whole request body
 * @param maxStuckThreads threads (in {@code thread} isolation) that ignored cancellation
 * and are replaced by new ones; beyond this the pool runs short and health says
 * OUT_OF_SERVICE
 * @param worker settings of worker processes (in {@code process} isolation)
 * @param classStore the class files the server keeps for request bodies that name classes
 * by hash only (in {@code process} isolation)
 */
@ConfigurationProperties("compute")
public record ComputeProperties(String dataset, Isolation isolation, int workers, int queueCapacity,
		Duration taskTimeout, int maxResultRows, Duration uploadTimeout, int maxStuckThreads, Worker worker,
		ClassStore classStore) {

	public ComputeProperties {
		dataset = (dataset != null) ? dataset : "classpath:data/sales.csv.gz";
		isolation = (isolation != null) ? isolation : Isolation.PROCESS;
		workers = (workers > 0) ? workers : Math.max(2, Runtime.getRuntime().availableProcessors());
		queueCapacity = (queueCapacity > 0) ? queueCapacity : 32;
		taskTimeout = (taskTimeout != null) ? taskTimeout : Duration.ofSeconds(10);
		maxResultRows = (maxResultRows > 0) ? maxResultRows : 10_000;
		uploadTimeout = (uploadTimeout != null) ? uploadTimeout : Duration.ofSeconds(10);
		maxStuckThreads = (maxStuckThreads > 0) ? maxStuckThreads : 8;
		worker = (worker != null) ? worker : new Worker(null, null, 0, null);
		classStore = (classStore != null) ? classStore : new ClassStore(0, null);
	}

	/** Where received code runs. */
	public enum Isolation {

		/**
		 * Threads of the server's JVM: fast, but the code can do anything the server can
		 * (exit it, exhaust its heap, read its secrets).
		 */
		THREAD,

		/**
		 * Worker JVMs the server spawns: their own heap and metaspace, no secrets, killed
		 * and replaced at a deadline.
		 */
		PROCESS

	}

	/**
	 * Class bytes once per client: the class files the server received (and a worker
	 * loaded) are kept so that later bodies may name them by SHA-256 only; a body naming
	 * one the store no longer holds gets 409, and the client sends it again with the
	 * bytes.
	 *
	 * @param maxClasses most class files kept
	 * @param maxBytes most bytes of class files kept
	 */
	public record ClassStore(int maxClasses, DataSize maxBytes) {

		public ClassStore {
			maxClasses = (maxClasses > 0) ? maxClasses : 2000;
			maxBytes = (maxBytes != null) ? maxBytes : DataSize.ofMegabytes(32);
		}

	}

	/**
	 * @param maxHeap {@code -Xmx} of a worker
	 * @param maxMetaspace {@code -XX:MaxMetaspaceSize} of a worker
	 * @param maxTasks tasks after which a worker is replaced by a fresh one
	 * @param startTimeout longest a worker may take to start and load the dataset
	 */
	public record Worker(DataSize maxHeap, DataSize maxMetaspace, int maxTasks, Duration startTimeout) {

		public Worker {
			maxHeap = (maxHeap != null) ? maxHeap : DataSize.ofMegabytes(192);
			maxMetaspace = (maxMetaspace != null) ? maxMetaspace : DataSize.ofMegabytes(96);
			maxTasks = (maxTasks > 0) ? maxTasks : 200;
			startTimeout = (startTimeout != null) ? startTimeout : Duration.ofSeconds(60);
		}

	}

}
