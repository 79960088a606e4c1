package com.example.compute.server;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/**
 * The pool as Micrometer meters: {@code compute.pool.size}, {@code .live} and
 * {@code .queued} (gauges); {@code compute.pool.stuck}, {@code .replaced} and
 * {@code .rejected} (counters); in process isolation also the class store:
 * {@code compute.class-store.classes} and {@code .bytes} (gauges),
 * {@code compute.class-store.evictions} (counter).
 */
@Component
class ComputePoolMetrics implements MeterBinder {

	private final TaskRunner runner;

	ComputePoolMetrics(TaskRunner runner) {
		this.runner = runner;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "compute.pool.size", "workers the pool should have", PoolStats::size);
		gauge(registry, "compute.pool.live", "workers ready or running a task", PoolStats::live);
		gauge(registry, "compute.pool.queued", "tasks waiting for a worker", PoolStats::queued);
		counter(registry, "compute.pool.stuck", "workers that did not end at their task's deadline", PoolStats::stuck);
		counter(registry, "compute.pool.replaced", "workers started in place of one stuck, dead or recycled",
				PoolStats::replaced);
		counter(registry, "compute.pool.rejected", "tasks refused because the queue was full", PoolStats::rejected);
		if (this.runner.classStoreCounts() != null) {
			Gauge.builder("compute.class-store.classes", this.runner, (runner) -> runner.classStoreCounts().classes())
				.description("class files held for bodies that name classes by hash")
				.register(registry);
			Gauge.builder("compute.class-store.bytes", this.runner, (runner) -> runner.classStoreCounts().bytes())
				.description("bytes of the class files held")
				.baseUnit("bytes")
				.register(registry);
			FunctionCounter
				.builder("compute.class-store.evictions", this.runner,
						(runner) -> runner.classStoreCounts().evictions())
				.description("class files dropped to stay within the store's bounds")
				.register(registry);
		}
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<PoolStats> value) {
		Gauge.builder(name, this.runner, (runner) -> value.applyAsDouble(runner.stats()))
			.description(description)
			.register(registry);
	}

	private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<PoolStats> value) {
		FunctionCounter.builder(name, this.runner, (runner) -> value.applyAsDouble(runner.stats()))
			.description(description)
			.register(registry);
	}

}
