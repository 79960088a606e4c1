package io.cloudpickle.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of {@code PickleService}: {@code cloudpickle.dumps} and
 * {@code cloudpickle.loads}.
 */
public enum PickleObservationDocumentation implements ObservationDocumentation {

	/** One {@code dumps} (or streaming {@code dump}). */
	DUMPS {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPickleObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}
	},

	/** One {@code loads} (or streaming {@code load}). */
	LOADS {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPickleObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}
	};

	/** Bounded tags: they reach metrics and traces. */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * Whether the payload ships classes by value: {@code true}, {@code false} or
		 * {@code unknown}.
		 */
		CLASSES_SHIPPED {
			@Override
			public String asString() {
				return "classes.shipped";
			}
		},

		/** {@code dumps} or {@code loads}. */
		OPERATION {
			@Override
			public String asString() {
				return "operation";
			}
		},

		/** {@code success} or {@code error}. */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

	/** Unbounded tags: they reach traces only. */
	public enum HighCardinalityKeyNames implements KeyName {

		/** Payload size in bytes. */
		PAYLOAD_SIZE {
			@Override
			public String asString() {
				return "payload.size";
			}
		}

	}

}
