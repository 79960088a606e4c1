package io.cloudpickle.spring;

import java.util.function.ToLongFunction;

import io.cloudpickle.PickleLimits;
import org.jspecify.annotations.Nullable;

/**
 * Each engine limit ({@code io.cloudpickle.PickleLimits}) with the Spring property that
 * sets it for payloads received over the network, so that a refusal can say which setting
 * raises the limit.
 */
public enum PickleLimitProperty {

	/** {@code maxPayloadBytes}. */
	MAX_PAYLOAD_SIZE("maxPayloadBytes", "max-payload-size", PickleLimits::maxPayloadBytes),

	/** {@code maxDepth}. */
	MAX_DEPTH("maxDepth", "max-depth", PickleLimits::maxDepth),

	/** {@code maxObjects}. */
	MAX_OBJECTS("maxObjects", "max-objects", PickleLimits::maxObjects),

	/** {@code maxArrayLength}. */
	MAX_ARRAY_LENGTH("maxArrayLength", "max-array-length", PickleLimits::maxArrayLength),

	/** {@code maxStringLength}. */
	MAX_STRING_LENGTH("maxStringLength", "max-string-length", PickleLimits::maxStringLength),

	/** {@code maxClasses}. */
	MAX_CLASSES("maxClasses", "max-classes", PickleLimits::maxClasses),

	/** {@code maxClassBytes}. */
	MAX_CLASS_SIZE("maxClassBytes", "max-class-size", PickleLimits::maxClassBytes),

	/** {@code maxHashWork}. */
	MAX_HASH_WORK("maxHashWork", "max-hash-work", PickleLimits::maxHashWork);

	private final String limit;

	private final String property;

	private final ToLongFunction<PickleLimits> value;

	PickleLimitProperty(String limit, String key, ToLongFunction<PickleLimits> value) {
		this.limit = limit;
		this.property = "cloudpickle.limits." + key;
		this.value = value;
	}

	/** The value of this limit in {@code limits}. */
	public long valueIn(PickleLimits limits) {
		return this.value.applyAsLong(limits);
	}

	/** The engine's name of the limit, e.g. {@code maxDepth}. */
	public String limit() {
		return this.limit;
	}

	/** The Spring property, e.g. {@code cloudpickle.limits.max-depth}. */
	public String property() {
		return this.property;
	}

	/** The constant for an engine limit name, or null if there is none. */
	public static @Nullable PickleLimitProperty ofLimit(String limit) {
		for (PickleLimitProperty candidate : values()) {
			if (candidate.limit.equals(limit)) {
				return candidate;
			}
		}
		return null;
	}

}
