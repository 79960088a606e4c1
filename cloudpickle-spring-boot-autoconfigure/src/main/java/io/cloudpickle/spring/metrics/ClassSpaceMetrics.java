package io.cloudpickle.spring.metrics;

import java.util.function.ToDoubleFunction;

import io.cloudpickle.ClassSpace;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the receiver's class space (where classes received by value are defined):
 * <ul>
 * <li>{@code cloudpickle.classspace.loaders} (gauge): bundle loaders in the cache;</li>
 * <li>{@code cloudpickle.classspace.classes} (gauge): classes they hold;</li>
 * <li>{@code cloudpickle.classspace.size} (gauge, bytes): class file bytes they
 * hold;</li>
 * <li>{@code cloudpickle.classspace.evictions} (function counter): loaders dropped from
 * the cache so far;</li>
 * <li>{@code cloudpickle.classspace.loaders.created} (function counter): loaders created
 * so far.</li>
 * </ul>
 * Evictions and creations only grow, so they are counters (rates are what matters), not
 * gauges.
 */
public class ClassSpaceMetrics implements MeterBinder {

	private final ClassSpace classSpace;

	public ClassSpaceMetrics(ClassSpace classSpace) {
		this.classSpace = classSpace;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "cloudpickle.classspace.loaders", "Bundle loaders in the class space cache", null,
				(space) -> space.counts().loaders());
		gauge(registry, "cloudpickle.classspace.classes", "Classes received by value held in the class space", null,
				(space) -> space.counts().classes());
		gauge(registry, "cloudpickle.classspace.size", "Class file bytes held in the class space", BaseUnits.BYTES,
				(space) -> space.counts().classBytes());
		FunctionCounter
			.builder("cloudpickle.classspace.evictions", this.classSpace, (space) -> space.counts().evictions())
			.description("Bundle loaders evicted from the class space cache")
			.register(registry);
		FunctionCounter
			.builder("cloudpickle.classspace.loaders.created", this.classSpace,
					(space) -> space.counts().loadersCreated())
			.description("Bundle loaders created in the class space")
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description, String baseUnit,
			ToDoubleFunction<ClassSpace> value) {
		Gauge.builder(name, this.classSpace, value).description(description).baseUnit(baseUnit).register(registry);
	}

}
