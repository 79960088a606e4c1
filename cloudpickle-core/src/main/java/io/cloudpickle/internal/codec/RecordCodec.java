package io.cloudpickle.internal.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

import io.cloudpickle.PickleException;

/**
 * The {@code RECORD} record: a Java record's components, rebuilt through its canonical
 * constructor once they are read.
 */
final class RecordCodec {

	private RecordCodec() {
	}

	static void write(Object value, Plan plan, ObjectWriter writer) {
		Class<?> type = value.getClass();
		writer.assignId(value);
		writer.out().writeByte(Tag.RECORD.code);
		writer.out().writeVarInt(writer.classId(type));
		RecordComponent[] components = type.getRecordComponents();
		List<Object> values = new ArrayList<>(components.length);
		String[] names = new String[components.length];
		for (int i = 0; i < components.length; i++) {
			names[i] = components[i].getName();
			try {
				Method accessor = components[i].getAccessor();
				accessor.setAccessible(true);
				values.add(accessor.invoke(value));
			}
			catch (ReflectiveOperationException ex) {
				throw new PickleException("cannot read component " + names[i] + " of record " + type.getName(), ex);
			}
		}
		writer.out().writeVarInt(components.length);
		writer.pushChildren(values, (i) -> "component " + names[i]);
	}

	static Object read(ObjectReader reader) {
		Class<?> type = reader.readPlannedClass(Plan.Kind.RECORD);
		int count = reader.readCount("record components");
		Constructor<?> ctor = ClassLayout.canonicalConstructor(type);
		if (ctor.getParameterCount() != count) {
			throw new PickleException("payload does not match this JVM's record " + type.getName() + ": " + count
					+ " components written, " + ctor.getParameterCount() + " here");
		}
		Method readResolve = SerialHooks.of(type).readResolve;
		return reader.buildFromChildren(reader.registerUnderConstruction(), count, type.getSimpleName(), (children) -> {
			try {
				return ObjectReader.resolve(ctor.newInstance(children), readResolve);
			}
			catch (InvocationTargetException ex) {
				throw new PickleException(
						"the canonical constructor of " + type.getName() + " refused the values: " + ex.getCause(),
						ex.getCause());
			}
			catch (ReflectiveOperationException | IllegalArgumentException ex) {
				throw new PickleException("cannot construct record " + type.getName() + ": " + ex, ex);
			}
		});
	}

}
