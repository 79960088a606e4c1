package io.cloudpickle.internal.codec;

import java.io.Externalizable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSource;

/**
 * The {@code EXTERNAL} record: an {@link Externalizable}'s block and objects, replayed
 * into {@code readExternal} of an instance made with its no-arg constructor.
 */
final class ExternalCodec {

	private ExternalCodec() {
	}

	static void write(Object value, Plan plan, ObjectWriter writer) {
		Class<?> type = value.getClass();
		writer.assignId(value);
		writer.out().writeByte(Tag.EXTERNAL.code);
		writer.out().writeVarInt(writer.classId(type));
		SerialStreams.Recorded recorded = SerialStreams.recordExternal(value, writer);
		writer.out().writeBlob(recorded.segments()[0].block());
		writer.out().writeVarInt(recorded.children().size());
		writer.pushChildren(recorded.children(), (i) -> "externalized object " + (i + 1));
	}

	static Object read(ObjectReader reader) {
		Class<?> type = reader.readPlannedClass(Plan.Kind.EXTERNAL);
		ByteSource block = reader.readBlock();
		int count = reader.readCount("externalized objects");
		Externalizable instance;
		try {
			Constructor<?> ctor = type.getDeclaredConstructor();
			ctor.setAccessible(true);
			instance = (Externalizable) ctor.newInstance();
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			throw new PickleException("Externalizable " + type.getName() + " needs a public no-arg constructor: " + ex,
					ex);
		}
		int id = reader.register(instance);
		Method readResolve = SerialHooks.of(type).readResolve;
		return reader.buildFromChildren(id, count, type.getSimpleName(), (children) -> {
			SerialStreams.replayExternal(instance, block, children);
			return ObjectReader.resolve(instance, readResolve);
		});
	}

}
