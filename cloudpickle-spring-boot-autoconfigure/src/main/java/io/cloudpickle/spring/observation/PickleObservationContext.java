package io.cloudpickle.spring.observation;

import io.micrometer.observation.Observation;

/**
 * Context of one {@code dumps} or {@code loads}: the operation, the payload size and
 * whether classes travel by value.
 */
public class PickleObservationContext extends Observation.Context {

	/** The operation observed. */
	public enum Operation {

		/** Pickling an object into a payload. */
		DUMPS("dumps"),

		/** Loading a payload into an object. */
		LOADS("loads");

		private final String value;

		Operation(String value) {
			this.value = value;
		}

		/** Lower-case name used as tag value and in observation names. */
		public String value() {
			return this.value;
		}

	}

	private final Operation operation;

	private long payloadSize = -1;

	private String classesShipped = "unknown";

	public PickleObservationContext(Operation operation) {
		this.operation = operation;
	}

	public Operation getOperation() {
		return this.operation;
	}

	/**
	 * Payload size in bytes, or -1 if not known (e.g. the object could not be pickled).
	 */
	public long getPayloadSize() {
		return this.payloadSize;
	}

	public void setPayloadSize(long payloadSize) {
		this.payloadSize = payloadSize;
	}

	/**
	 * {@code "true"} if the payload ships classes by value, {@code "false"} if not,
	 * {@code "unknown"}.
	 */
	public String getClassesShipped() {
		return this.classesShipped;
	}

	public void setClassesShipped(String classesShipped) {
		this.classesShipped = classesShipped;
	}

}
