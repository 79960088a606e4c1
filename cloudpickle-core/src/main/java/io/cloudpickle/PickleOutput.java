package io.cloudpickle;

/** The sink a {@link TypeCodec} writes to. */
public interface PickleOutput {

	void writeBoolean(boolean value);

	void writeInt(int value);

	void writeLong(long value);

	void writeDouble(double value);

	/** Writes a string, or {@code null}. */
	void writeString(String value);

	void writeBytes(byte[] value);

	/** Writes any object (or {@code null}) as part of the graph. */
	void writeObject(Object value);

}
