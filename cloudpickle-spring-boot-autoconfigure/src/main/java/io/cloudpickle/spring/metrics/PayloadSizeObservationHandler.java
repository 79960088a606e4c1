package io.cloudpickle.spring.metrics;

import io.cloudpickle.spring.observation.PickleObservationContext;
import io.cloudpickle.spring.observation.PickleObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Records the size of every pickled or loaded payload in the distribution summary
 * {@code cloudpickle.payload.size} (bytes), tagged with {@code operation} and
 * {@code classes.shipped}. The timers come from Boot's own
 * {@code DefaultMeterObservationHandler}; this handler adds the one thing a timer cannot
 * hold.
 */
public class PayloadSizeObservationHandler implements ObservationHandler<PickleObservationContext> {

	/** Name of the distribution summary. */
	public static final String METER_NAME = "cloudpickle.payload.size";

	private final MeterRegistry registry;

	public PayloadSizeObservationHandler(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onStop(PickleObservationContext context) {
		if (context.getPayloadSize() < 0) {
			return;
		}
		DistributionSummary.builder(METER_NAME)
			.description("Size of cloudpickle payloads")
			.baseUnit(BaseUnits.BYTES)
			.tag(LowCardinalityKeyNames.OPERATION.asString(), context.getOperation().value())
			.tag(LowCardinalityKeyNames.CLASSES_SHIPPED.asString(), context.getClassesShipped())
			.register(this.registry)
			.record(context.getPayloadSize());
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof PickleObservationContext;
	}

}
