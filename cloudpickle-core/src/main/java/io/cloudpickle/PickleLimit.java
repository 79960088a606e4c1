package io.cloudpickle;

import java.util.function.ToLongFunction;

/**
 * The limits of {@link PickleLimits}, each with its name (the record component) and the
 * Spring Boot property that sets it, so that a refusal ({@link PickleLimitException}) can
 * tell its caller which setting raises it.
 */
public enum PickleLimit {

	/** {@link PickleLimits#maxPayloadBytes()}. */
	MAX_PAYLOAD_BYTES("maxPayloadBytes", "max-payload-size", PickleLimits::maxPayloadBytes),

	/** {@link PickleLimits#maxDepth()}. */
	MAX_DEPTH("maxDepth", "max-depth", PickleLimits::maxDepth),

	/** {@link PickleLimits#maxObjects()}. */
	MAX_OBJECTS("maxObjects", "max-objects", PickleLimits::maxObjects),

	/** {@link PickleLimits#maxArrayLength()}. */
	MAX_ARRAY_LENGTH("maxArrayLength", "max-array-length", PickleLimits::maxArrayLength),

	/** {@link PickleLimits#maxStringLength()}. */
	MAX_STRING_LENGTH("maxStringLength", "max-string-length", PickleLimits::maxStringLength),

	/** {@link PickleLimits#maxClasses()}. */
	MAX_CLASSES("maxClasses", "max-classes", PickleLimits::maxClasses),

	/** {@link PickleLimits#maxClassBytes()}. */
	MAX_CLASS_BYTES("maxClassBytes", "max-class-size", PickleLimits::maxClassBytes),

	/** {@link PickleLimits#maxHashWork()}. */
	MAX_HASH_WORK("maxHashWork", "max-hash-work", PickleLimits::maxHashWork);

	private final String limitName;

	private final String property;

	private final ToLongFunction<PickleLimits> value;

	PickleLimit(String limitName, String propertySuffix, ToLongFunction<PickleLimits> value) {
		this.limitName = limitName;
		this.property = "cloudpickle.limits." + propertySuffix;
		this.value = value;
	}

	/** The {@link PickleLimits} component, e.g. {@code maxDepth}. */
	public String limitName() {
		return this.limitName;
	}

	/**
	 * The Spring Boot property that sets this limit, e.g.
	 * {@code cloudpickle.limits.max-depth}.
	 */
	public String springProperty() {
		return this.property;
	}

	/** This limit's value in {@code limits}. */
	public long valueIn(PickleLimits limits) {
		return this.value.applyAsLong(limits);
	}

	@Override
	public String toString() {
		return this.limitName;
	}

}
