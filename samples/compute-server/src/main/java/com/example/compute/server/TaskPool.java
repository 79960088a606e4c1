package com.example.compute.server;

import com.example.compute.worker.TaskKind;
import io.cloudpickle.spring.http.Pickled;

/**
 * Runs tasks under a deadline: loading the payload, running it and pickling its result
 * all count. Implementations heal: a task cancelled while it waits leaves the queue, and
 * a worker that does not end at its deadline is replaced.
 */
interface TaskPool extends AutoCloseable {

	/**
	 * Queues a task.
	 * @param body the verified request body, as it came
	 * @param payload what a worker process loads: the body with the classes it named by
	 * hash given their bytes
	 * @return the job, whose future completes with the pickled {@code TaskResult}, or
	 * with a {@code CloudPickleBodyException} if loading refused the payload; null if the
	 * queue is full
	 */
	Job submit(TaskKind kind, Pickled<Object> body, byte[] payload, long deadlineNanos);

	/**
	 * The task's deadline has passed: takes it out of the queue if it still waits, else
	 * stops it.
	 * @return whether it was still waiting
	 */
	boolean cancel(Job job);

	/** Counts and capacity, for health and metrics. */
	PoolStats stats();

	@Override
	void close();

}
