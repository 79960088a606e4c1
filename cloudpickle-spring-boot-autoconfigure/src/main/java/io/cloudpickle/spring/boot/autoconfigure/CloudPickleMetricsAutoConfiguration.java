package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.metrics.ClassSpaceMetrics;
import io.cloudpickle.spring.metrics.PayloadSizeObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of cloudpickle's meters: class space gauges and counters
 * ({@link ClassSpaceMetrics}) and the payload size distribution summary
 * ({@link PayloadSizeObservationHandler}). The timers {@code cloudpickle.dumps} and
 * {@code cloudpickle.loads} come from the observations through Boot's meter observation
 * handler.
 */
@AutoConfiguration(after = CloudPickleAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, MeterBinder.class })
@ConditionalOnBean({ PickleService.class, MeterRegistry.class })
public final class CloudPickleMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClassSpaceMetrics cloudPickleClassSpaceMetrics(PickleService pickleService) {
		return new ClassSpaceMetrics(pickleService.classSpace());
	}

	@Bean
	@ConditionalOnMissingBean
	PayloadSizeObservationHandler cloudPicklePayloadSizeObservationHandler(MeterRegistry meterRegistry) {
		return new PayloadSizeObservationHandler(meterRegistry);
	}

}
