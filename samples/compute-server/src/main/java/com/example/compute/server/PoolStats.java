package com.example.compute.server;

/**
 * A pool's capacity and what it has been through.
 *
 * @param isolation thread or process
 * @param size workers it should have
 * @param live workers ready or running a task
 * @param queued tasks waiting
 * @param stuck workers that did not end at their deadline so far (threads abandoned,
 * processes killed)
 * @param replaced workers started to replace one that was stuck, died or was recycled
 * @param rejected tasks refused because the queue was full
 * @param abandoned threads currently abandoned (still running code that ignored
 * cancellation)
 */
record PoolStats(ComputeProperties.Isolation isolation, int size, int live, int queued, long stuck, long replaced,
		long rejected, int abandoned) {

	boolean fullStrength() {
		return this.live >= this.size;
	}

}
