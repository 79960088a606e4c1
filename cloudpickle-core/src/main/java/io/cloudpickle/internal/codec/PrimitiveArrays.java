package io.cloudpickle.internal.codec;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;

/**
 * Primitive arrays ({@code PRIMITIVE_ARRAY}) in bulk (one copy, little-endian), and the
 * inline encoding of primitive fields and boxed primitives that plain objects and serial
 * hooks share.
 */
final class PrimitiveArrays {

	private static final int BOOLEAN = 0;

	private static final int BYTE = 1;

	private static final int CHAR = 2;

	private static final int SHORT = 3;

	private static final int INT = 4;

	private static final int LONG = 5;

	private static final int FLOAT = 6;

	private static final int DOUBLE = 7;

	private static final int[] WIDTH = { 1, 1, 2, 2, 4, 8, 4, 8 };

	private PrimitiveArrays() {
	}

	/** Writes a {@code PRIMITIVE_ARRAY}: the tag, then the array in bulk. */
	static void write(Object value, Plan plan, ObjectWriter writer) {
		writer.assignId(value);
		writer.out().writeByte(Tag.PRIMITIVE_ARRAY.code);
		writeArray(value, writer.out());
	}

	static Object read(ObjectReader reader) {
		Object array = readArray(reader.in(), reader.limits().maxArrayLength());
		reader.register(array);
		return array;
	}

	static void writeArray(Object array, ByteSink out) {
		if (array instanceof byte[] a) {
			header(out, BYTE, a.length);
			out.writeBytes(a);
		}
		else if (array instanceof int[] a) {
			header(out, INT, a.length);
			view(out, a.length * 4).asIntBuffer().put(a);
		}
		else if (array instanceof long[] a) {
			header(out, LONG, a.length);
			view(out, a.length * 8).asLongBuffer().put(a);
		}
		else if (array instanceof double[] a) {
			header(out, DOUBLE, a.length);
			view(out, a.length * 8).asDoubleBuffer().put(a);
		}
		else if (array instanceof float[] a) {
			header(out, FLOAT, a.length);
			view(out, a.length * 4).asFloatBuffer().put(a);
		}
		else if (array instanceof char[] a) {
			header(out, CHAR, a.length);
			view(out, a.length * 2).asCharBuffer().put(a);
		}
		else if (array instanceof short[] a) {
			header(out, SHORT, a.length);
			view(out, a.length * 2).asShortBuffer().put(a);
		}
		else if (array instanceof boolean[] a) {
			header(out, BOOLEAN, a.length);
			int p = out.reserve(a.length);
			byte[] buf = out.array();
			for (int i = 0; i < a.length; i++) {
				buf[p + i] = (byte) (a[i] ? 1 : 0);
			}
		}
		else {
			throw new IllegalArgumentException("not a primitive array: " + array.getClass());
		}
	}

	private static void header(ByteSink out, int kind, int length) {
		out.writeByte(kind);
		out.writeVarInt(length);
	}

	private static ByteBuffer view(ByteSink out, int bytes) {
		int p = out.reserve(bytes);
		return ByteBuffer.wrap(out.array(), p, bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
	}

	private static ByteBuffer view(ByteSource in, int bytes) {
		int p = in.take(bytes);
		return ByteBuffer.wrap(in.array(), p, bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
	}

	static Object readArray(ByteSource in, int maxLength) {
		int kind = in.readUnsignedByte();
		if (kind > DOUBLE) {
			throw new PickleException("payload is corrupt: unknown primitive array kind " + kind);
		}
		int length = in.readVarInt();
		if (length > maxLength) {
			throw new PickleLimitException(PickleLimit.MAX_ARRAY_LENGTH,
					"array of " + length + " elements exceeds the limit maxArrayLength=" + maxLength);
		}
		in.requireAvailable(length, WIDTH[kind], "primitive array");
		switch (kind) {
			case BYTE:
				return in.readBytes(length);
			case INT: {
				int[] a = new int[length];
				view(in, length * 4).asIntBuffer().get(a);
				return a;
			}
			case LONG: {
				long[] a = new long[length];
				view(in, length * 8).asLongBuffer().get(a);
				return a;
			}
			case DOUBLE: {
				double[] a = new double[length];
				view(in, length * 8).asDoubleBuffer().get(a);
				return a;
			}
			case FLOAT: {
				float[] a = new float[length];
				view(in, length * 4).asFloatBuffer().get(a);
				return a;
			}
			case CHAR: {
				char[] a = new char[length];
				view(in, length * 2).asCharBuffer().get(a);
				return a;
			}
			case SHORT: {
				short[] a = new short[length];
				view(in, length * 2).asShortBuffer().get(a);
				return a;
			}
			default: {
				boolean[] a = new boolean[length];
				int p = in.take(length);
				byte[] buf = in.array();
				for (int i = 0; i < length; i++) {
					a[i] = buf[p + i] != 0;
				}
				return a;
			}
		}
	}

	static void writeField(Field f, Object owner, ByteSink out) throws IllegalAccessException {
		Class<?> t = f.getType();
		if (t == int.class) {
			out.writeInt(f.getInt(owner));
		}
		else if (t == long.class) {
			out.writeLong(f.getLong(owner));
		}
		else if (t == double.class) {
			out.writeDouble(f.getDouble(owner));
		}
		else if (t == boolean.class) {
			out.writeBoolean(f.getBoolean(owner));
		}
		else if (t == float.class) {
			out.writeFloat(f.getFloat(owner));
		}
		else if (t == byte.class) {
			out.writeByte(f.getByte(owner));
		}
		else if (t == char.class) {
			out.writeChar(f.getChar(owner));
		}
		else {
			out.writeShort(f.getShort(owner));
		}
	}

	static void readField(Field f, Object owner, ByteSource in) throws IllegalAccessException {
		Class<?> t = f.getType();
		if (t == int.class) {
			f.setInt(owner, in.readInt());
		}
		else if (t == long.class) {
			f.setLong(owner, in.readLong());
		}
		else if (t == double.class) {
			f.setDouble(owner, in.readDouble());
		}
		else if (t == boolean.class) {
			f.setBoolean(owner, in.readBoolean());
		}
		else if (t == float.class) {
			f.setFloat(owner, in.readFloat());
		}
		else if (t == byte.class) {
			f.setByte(owner, (byte) in.readByte());
		}
		else if (t == char.class) {
			f.setChar(owner, in.readChar());
		}
		else {
			f.setShort(owner, in.readShort());
		}
	}

	/** Reads a primitive field's wire value as a box (for records and readFields). */
	static Object readBoxed(Class<?> t, ByteSource in) {
		if (t == int.class) {
			return in.readInt();
		}
		if (t == long.class) {
			return in.readLong();
		}
		if (t == double.class) {
			return in.readDouble();
		}
		if (t == boolean.class) {
			return in.readBoolean();
		}
		if (t == float.class) {
			return in.readFloat();
		}
		if (t == byte.class) {
			return (byte) in.readByte();
		}
		if (t == char.class) {
			return in.readChar();
		}
		return in.readShort();
	}

	static void writeBoxed(Class<?> t, Object v, ByteSink out) {
		if (t == int.class) {
			out.writeInt((Integer) v);
		}
		else if (t == long.class) {
			out.writeLong((Long) v);
		}
		else if (t == double.class) {
			out.writeDouble((Double) v);
		}
		else if (t == boolean.class) {
			out.writeBoolean((Boolean) v);
		}
		else if (t == float.class) {
			out.writeFloat((Float) v);
		}
		else if (t == byte.class) {
			out.writeByte((Byte) v);
		}
		else if (t == char.class) {
			out.writeChar((Character) v);
		}
		else {
			out.writeShort((Short) v);
		}
	}

}
