package io.cloudpickle.internal.codec;

import io.cloudpickle.internal.io.ByteSink;

/**
 * Boxed primitives and booleans: the tag, then the value (varint, zig-zag for signed
 * integers; fixed width otherwise). Boxes get no id: equal boxes are interchangeable.
 */
final class BoxCodec {

	private BoxCodec() {
	}

	private static ByteSink start(Plan plan, ObjectWriter writer) {
		ByteSink out = writer.out();
		out.writeByte(plan.kind.tag.code);
		return out;
	}

	static void writeInt(Object value, Plan plan, ObjectWriter writer) {
		start(plan, writer).writeZigZag((Integer) value);
	}

	static void writeLong(Object value, Plan plan, ObjectWriter writer) {
		start(plan, writer).writeZigZag((Long) value);
	}

	static void writeDouble(Object value, Plan plan, ObjectWriter writer) {
		start(plan, writer).writeDouble((Double) value);
	}

	static void writeFloat(Object value, Plan plan, ObjectWriter writer) {
		start(plan, writer).writeFloat((Float) value);
	}

	static void writeShort(Object value, Plan plan, ObjectWriter writer) {
		start(plan, writer).writeShort((Short) value);
	}

	static void writeByte(Object value, Plan plan, ObjectWriter writer) {
		start(plan, writer).writeByte((Byte) value);
	}

	static void writeChar(Object value, Plan plan, ObjectWriter writer) {
		start(plan, writer).writeChar((Character) value);
	}

	static void writeBoolean(Object value, Plan plan, ObjectWriter writer) {
		writer.out().writeByte((Boolean) value ? Tag.TRUE.code : Tag.FALSE.code);
	}

	static Object readInt(ObjectReader reader) {
		return reader.in().readZigZagInt();
	}

	static Object readLong(ObjectReader reader) {
		return reader.in().readZigZagLong();
	}

	static Object readDouble(ObjectReader reader) {
		return reader.in().readDouble();
	}

	static Object readFloat(ObjectReader reader) {
		return reader.in().readFloat();
	}

	static Object readShort(ObjectReader reader) {
		return reader.in().readShort();
	}

	static Object readByte(ObjectReader reader) {
		return (byte) reader.in().readByte();
	}

	static Object readChar(ObjectReader reader) {
		return reader.in().readChar();
	}

}
