package io.cloudpickle.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Convention for {@code cloudpickle.dumps} / {@code cloudpickle.loads} observations;
 * declare a bean to customize.
 */
public interface PickleObservationConvention extends ObservationConvention<PickleObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PickleObservationContext;
	}

}
