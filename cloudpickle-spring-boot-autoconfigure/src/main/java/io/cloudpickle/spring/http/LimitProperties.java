package io.cloudpickle.spring.http;

import java.util.Map;

/**
 * The {@code cloudpickle.limits.*} property that sets each engine limit
 * ({@code io.cloudpickle.PickleLimits}).
 */
final class LimitProperties {

	private static final Map<String, String> PROPERTIES = Map.of("maxPayloadBytes", "max-payload-size", "maxDepth",
			"max-depth", "maxObjects", "max-objects", "maxArrayLength", "max-array-length", "maxStringLength",
			"max-string-length", "maxClasses", "max-classes", "maxClassBytes", "max-class-size", "maxHashWork",
			"max-hash-work");

	private LimitProperties() {
	}

	/**
	 * The property for a limit, e.g. {@code cloudpickle.limits.max-depth} for
	 * {@code maxDepth}.
	 */
	static String propertyFor(String limit) {
		return "cloudpickle.limits." + PROPERTIES.getOrDefault(limit, limit);
	}

}
