package io.cloudpickle.internal.codec;

import java.util.List;

import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;

/**
 * A codec for objects made of a block of plain data plus child objects (collections,
 * maps, {@code Optional}, custom codecs). The writer never nests: children are only
 * collected here and written afterwards by the graph walk, so the engine stays iterative
 * however deep the graph is.
 */
interface CompositeCodec {

	/**
	 * Writes the plain data of {@code value} to {@code block} and appends its child
	 * objects to {@code children}.
	 */
	void write(Object value, ByteSink block, List<Object> children, WriteContext context);

	/**
	 * Creates the instance before its children are read, so back references to it
	 * resolve; or null if it can only be built once its children are known
	 * ({@link #complete} then builds it).
	 */
	Object allocate(Class<?> type, ByteSource block, int childCount);

	/** Fills or builds the instance from its children. */
	Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children, ReadContext context);

	/**
	 * Whether {@link #patch} can fill a child slot after {@link #complete}, to close a
	 * cycle.
	 */
	/**
	 * Whether values are immutable and have no children, so they are written without an
	 * id (a {@code VALUE} record) and the writer does not track their identity.
	 */
	default boolean isImmutableValue() {
		return false;
	}

	default boolean patchable() {
		return false;
	}

	/**
	 * Puts {@code value} into child slot {@code index} of an allocated instance, after
	 * the fact.
	 */
	default void patch(Object allocated, int index, Object value) {
		throw new UnsupportedOperationException();
	}

	/** How the path of an error names child {@code index}. */
	default String childLabel(int index) {
		return "element " + index;
	}

}
