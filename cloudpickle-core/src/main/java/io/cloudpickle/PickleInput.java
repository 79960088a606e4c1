package io.cloudpickle;

/** The source a {@link TypeCodec} reads from, in the order things were written. */
public interface PickleInput {

	boolean readBoolean();

	int readInt();

	long readLong();

	double readDouble();

	String readString();

	byte[] readBytes();

	/**
	 * Returns the next object written with {@link PickleOutput#writeObject(Object)},
	 * fully built.
	 */
	Object readObject();

}
