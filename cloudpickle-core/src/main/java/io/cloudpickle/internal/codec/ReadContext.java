package io.cloudpickle.internal.codec;

import io.cloudpickle.PickleLimits;

/** What a codec may ask of the reader. */
interface ReadContext {

	Class<?> classAt(int index);

	/** Resolves a binary class name the way the payload's classes are resolved. */
	Class<?> resolveClass(String name);

	PickleLimits limits();

	/**
	 * The payload's hashing budget: charge every key before it goes into a hash table.
	 */
	HashWork hashWork();

}
