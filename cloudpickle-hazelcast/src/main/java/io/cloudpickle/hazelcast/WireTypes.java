package io.cloudpickle.hazelcast;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Creates the wrapper types members receive: each carries pickled bytes, nothing else,
 * and is read without Java serialization.
 */
public final class WireTypes implements DataSerializableFactory {

	/** The factory id members register (an arbitrary constant, "CPKL" in ASCII). */
	public static final int FACTORY_ID = 0x43504b4c;

	static final int TASK_CALL = 1;

	static final int AGGREGATOR = 2;

	static final int ENTRY_PROCESSOR = 3;

	@Override
	public IdentifiedDataSerializable create(int typeId) {
		return switch (typeId) {
			case TASK_CALL -> new TaskCall();
			case AGGREGATOR -> new PickledAggregator<>();
			case ENTRY_PROCESSOR -> new PickledEntryProcessor<>();
			default -> null;
		};
	}

}
