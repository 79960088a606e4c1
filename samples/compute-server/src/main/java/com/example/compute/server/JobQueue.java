package com.example.compute.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import com.example.compute.worker.TaskKind;
import io.cloudpickle.spring.http.Pickled;

/**
 * The bounded queue of tasks waiting for a worker, shared by both isolation modes: a task
 * offered to a full queue is rejected and counted, and a cancelled one leaves it.
 */
final class JobQueue {

	private final BlockingQueue<Job> jobs;

	private final AtomicLong rejected = new AtomicLong();

	JobQueue(int capacity) {
		this.jobs = new ArrayBlockingQueue<>(capacity);
	}

	/** Queues a task; null (and one more rejection) if the queue is full. */
	Job offer(TaskKind kind, Pickled<Object> body, byte[] payload, long deadlineNanos) {
		Job job = new Job(kind, body, payload, deadlineNanos);
		if (!this.jobs.offer(job)) {
			this.rejected.incrementAndGet();
			return null;
		}
		return job;
	}

	/** Takes the next task, waiting for one. */
	Job take() throws InterruptedException {
		return this.jobs.take();
	}

	/** Takes a task out of the queue; whether it was still waiting. */
	boolean remove(Job job) {
		return this.jobs.remove(job);
	}

	int size() {
		return this.jobs.size();
	}

	long rejected() {
		return this.rejected.get();
	}

}
