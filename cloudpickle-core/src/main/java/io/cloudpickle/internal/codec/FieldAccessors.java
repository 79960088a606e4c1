package io.cloudpickle.internal.codec;

import java.util.Locale;

/**
 * When classes get a {@linkplain AccessorGenerator generated} field accessor. Generating
 * and defining one costs about a millisecond and some metaspace, and saves tens of
 * nanoseconds per instance (more on JDK 18+, where {@code Field} goes through method
 * handles that the JIT cannot fold), so by default a class gets one once
 * {@link #threshold} of its instances were written or read, as a JIT compiles only hot
 * methods: a class seen a few times (a one-off shipped class) never pays for it. The
 * system property {@code cloudpickle.fieldAccess} overrides this: {@code reflective}
 * keeps every class on reflection, {@code generated} generates at first use.
 */
final class FieldAccessors {

	enum Mode {

		/** Generated after {@link #THRESHOLD} instances. */
		ADAPTIVE,

		/** Generated at first use. */
		GENERATED,

		/** Never generated. */
		REFLECTIVE

	}

	static final String PROPERTY = "cloudpickle.fieldAccess";

	/**
	 * Instances of a class written or read before it gets a generated accessor; tests
	 * lower it.
	 */
	static volatile int threshold = 10_000;

	/** Read on every access, so tests can run the same graphs both ways in one JVM. */
	static volatile Mode mode = modeFrom(System.getProperty(PROPERTY));

	private FieldAccessors() {
	}

	static Mode modeFrom(String property) {
		if (property == null || property.isBlank()) {
			return Mode.ADAPTIVE;
		}
		try {
			return Mode.valueOf(property.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					PROPERTY + " must be adaptive, generated or reflective, not '" + property + "'", ex);
		}
	}

}
