package io.cloudpickle.spring.observation;

import io.cloudpickle.spring.observation.PickleObservationDocumentation.HighCardinalityKeyNames;
import io.cloudpickle.spring.observation.PickleObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * Default convention: observation {@code cloudpickle.dumps} or {@code cloudpickle.loads};
 * low-cardinality keys {@code classes.shipped}
 * ({@code true}/{@code false}/{@code unknown}), {@code operation}
 * ({@code dumps}/{@code loads}) and {@code outcome} ({@code success}/{@code error});
 * high-cardinality key {@code payload.size} (traces only).
 */
public class DefaultPickleObservationConvention implements PickleObservationConvention {

	/** Name of the observation of {@code dumps}. */
	public static final String DUMPS_NAME = "cloudpickle.dumps";

	/** Name of the observation of {@code loads}. */
	public static final String LOADS_NAME = "cloudpickle.loads";

	/** The default convention for {@code dumps}. */
	public static final DefaultPickleObservationConvention DUMPS = new DefaultPickleObservationConvention(DUMPS_NAME);

	/** The default convention for {@code loads}. */
	public static final DefaultPickleObservationConvention LOADS = new DefaultPickleObservationConvention(LOADS_NAME);

	private final String name;

	public DefaultPickleObservationConvention(String name) {
		this.name = name;
	}

	/** The default convention of an operation. */
	public static DefaultPickleObservationConvention of(PickleObservationContext.Operation operation) {
		return (operation == PickleObservationContext.Operation.DUMPS) ? DUMPS : LOADS;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public String getContextualName(PickleObservationContext context) {
		return "cloudpickle " + context.getOperation().value();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(PickleObservationContext context) {
		// sorted by key name
		return KeyValues.of(KeyValue.of(LowCardinalityKeyNames.CLASSES_SHIPPED, context.getClassesShipped()),
				KeyValue.of(LowCardinalityKeyNames.OPERATION, context.getOperation().value()),
				KeyValue.of(LowCardinalityKeyNames.OUTCOME, (context.getError() == null) ? "success" : "error"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PickleObservationContext context) {
		return (context.getPayloadSize() < 0) ? KeyValues.empty() : KeyValues
			.of(KeyValue.of(HighCardinalityKeyNames.PAYLOAD_SIZE, Long.toString(context.getPayloadSize())));
	}

}
