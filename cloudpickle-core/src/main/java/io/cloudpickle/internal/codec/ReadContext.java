package io.cloudpickle.internal.codec;

import io.cloudpickle.PickleLimits;

/** What a codec may ask of the reader. */
interface ReadContext {

	Class<?> classAt(int index);

	/**
	 * The class at {@code index} as a lambda record's capturing or implementation class,
	 * not judged as a used class: call {@link #usesLambda} before building the lambda.
	 */
	default Class<?> lambdaClassAt(int index) {
		return classAt(index);
	}

	/** Judges the shipped code a lambda reaches, before it is built. */
	default void usesLambda(Class<?> capturing, int implKind, Class<?> implClass, String implName,
			String implDescriptor) {
	}

	/** Resolves a binary class name the way the payload's classes are resolved. */
	Class<?> resolveClass(String name);

	PickleLimits limits();

	/**
	 * The payload's hashing budget: charge every key before it goes into a hash table.
	 */
	HashWork hashWork();

}
