package com.example.compute.server;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code computePool} in {@code /actuator/health}: OUT_OF_SERVICE while the pool runs
 * below its size (a worker process being replaced, or more threads stuck in code that
 * ignores cancellation than are replaced), UP otherwise, with the pool's counts.
 */
@Component
class ComputePoolHealthIndicator implements HealthIndicator {

	private final TaskRunner runner;

	ComputePoolHealthIndicator(TaskRunner runner) {
		this.runner = runner;
	}

	@Override
	public Health health() {
		PoolStats stats = this.runner.stats();
		return Health.status(stats.fullStrength() ? Status.UP : Status.OUT_OF_SERVICE)
			.withDetail("isolation", stats.isolation().name().toLowerCase())
			.withDetail("size", stats.size())
			.withDetail("live", stats.live())
			.withDetail("queued", stats.queued())
			.withDetail("stuck", stats.stuck())
			.withDetail("replaced", stats.replaced())
			.withDetail("rejected", stats.rejected())
			.withDetail("abandonedThreads", stats.abandoned())
			.build();
	}

}
