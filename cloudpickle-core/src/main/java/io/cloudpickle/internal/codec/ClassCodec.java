package io.cloudpickle.internal.codec;

import io.cloudpickle.PickleException;

/**
 * A {@code Class} as a value: its index in the class table, no id. Hidden classes have no
 * name another JVM could resolve and are refused.
 */
final class ClassCodec {

	private ClassCodec() {
	}

	static void write(Object value, Plan plan, ObjectWriter writer) {
		Class<?> type = (Class<?>) value;
		if (type.isHidden()) {
			throw new PickleException("hidden class " + type.getName() + " cannot be named in another JVM");
		}
		writer.out().writeByte(Tag.CLASS.code);
		writer.out().writeVarInt(writer.classId(type));
	}

	static Object read(ObjectReader reader) {
		return reader.classAt(reader.in().readVarInt());
	}

}
