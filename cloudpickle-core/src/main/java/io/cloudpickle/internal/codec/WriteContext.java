package io.cloudpickle.internal.codec;

/** What a codec may ask of the writer. */
interface WriteContext {

	/** The class table index of {@code type}, shipping it if it is by value. */
	int classId(Class<?> type);

}
