package io.cloudpickle.internal.codec;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.PrintableNames;

/** The {@code ENUM} record: declaring class and constant name; enums take no id. */
final class EnumCodec {

	private EnumCodec() {
	}

	static void write(Object value, Plan plan, ObjectWriter writer) {
		Enum<?> e = (Enum<?>) value;
		ByteSink out = writer.out();
		out.writeByte(Tag.ENUM.code);
		out.writeVarInt(writer.classId(e.getDeclaringClass()));
		out.writeString(e.name());
	}

	static Object read(ObjectReader reader) {
		Class<?> type = reader.classAt(reader.in().readVarInt());
		String name = PrintableNames.require(reader.in().readString(reader.limits().maxStringLength()),
				"enum constant name");
		if (!type.isEnum()) {
			throw new PickleException("payload is corrupt: " + type.getName() + " is not an enum");
		}
		try {
			@SuppressWarnings({ "unchecked", "rawtypes" })
			Object constant = Enum.valueOf((Class) type, name);
			return constant;
		}
		catch (IllegalArgumentException ex) {
			throw new PickleException("enum " + type.getName() + " has no constant " + name + " on this JVM", ex);
		}
	}

}
