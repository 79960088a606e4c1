package io.cloudpickle.internal.codec;

/**
 * Strings: up to {@link #SHORT_MAX} chars as {@code SHORT_STRING}, written in place every
 * time without an id; longer ones as {@code STRING}, with an id so repeats are
 * references.
 */
final class StringCodec {

	/** The longest string written as {@code SHORT_STRING}. */
	static final int SHORT_MAX = 32;

	private StringCodec() {
	}

	static boolean isShort(String value) {
		return value.length() <= SHORT_MAX;
	}

	static void write(Object value, Plan plan, ObjectWriter writer) {
		String s = (String) value;
		if (isShort(s)) {
			writer.out().writeByte(Tag.SHORT_STRING.code);
		}
		else {
			writer.assignId(value);
			writer.out().writeByte(Tag.STRING.code);
		}
		writer.out().writeString(s);
	}

	static Object readShort(ObjectReader reader) {
		return reader.in().readString(Math.min(SHORT_MAX, reader.limits().maxStringLength()));
	}

	static Object readLong(ObjectReader reader) {
		String value = reader.in().readString(reader.limits().maxStringLength());
		reader.register(value);
		return value;
	}

}
