package io.cloudpickle.internal.codec;

import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;

/**
 * Reads and writes the fields of one class's instances in {@link ClassLayout} order: the
 * primitive fields as one inline block, the reference fields one by one (the writer and
 * the reader visit them with an explicit stack). Either
 * {@linkplain ReflectiveFieldAccessor reflective} or {@linkplain AccessorGenerator
 * generated}; both produce the same bytes.
 */
abstract class FieldAccessor {

	/** Writes the primitive fields of {@code owner}, in layout order. */
	abstract void writePrimitives(Object owner, ByteSink out);

	/** Reads the primitive fields of {@code owner}, in layout order. */
	abstract void readPrimitives(Object owner, ByteSource in);

	/** The value of reference field {@code index} of {@code owner}. */
	abstract Object get(Object owner, int index);

	/**
	 * Sets reference field {@code index} of {@code owner}.
	 * @throws ClassCastException or IllegalArgumentException when {@code value} does not
	 * fit the field
	 */
	abstract void set(Object owner, int index, Object value);

}
