package io.cloudpickle.internal.codec;

import java.lang.reflect.Field;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;

/**
 * Field access through {@link Field}: works for every class whose fields could be made
 * accessible, and is what a class uses until (or unless) it gets a generated accessor.
 */
final class ReflectiveFieldAccessor extends FieldAccessor {

	private final Class<?> type;

	private final Field[] primitives;

	private final Field[] references;

	ReflectiveFieldAccessor(Class<?> type, Field[] primitives, Field[] references) {
		this.type = type;
		this.primitives = primitives;
		this.references = references;
	}

	@Override
	void writePrimitives(Object owner, ByteSink out) {
		try {
			for (Field f : this.primitives) {
				PrimitiveArrays.writeField(f, owner, out);
			}
		}
		catch (IllegalAccessException ex) {
			throw new PickleException("cannot read fields of " + this.type.getName(), ex);
		}
	}

	@Override
	void readPrimitives(Object owner, ByteSource in) {
		try {
			for (Field f : this.primitives) {
				PrimitiveArrays.readField(f, owner, in);
			}
		}
		catch (IllegalAccessException ex) {
			throw new PickleException("cannot set fields of " + this.type.getName(), ex);
		}
	}

	@Override
	Object get(Object owner, int index) {
		try {
			return this.references[index].get(owner);
		}
		catch (IllegalAccessException ex) {
			throw new PickleException("cannot read field " + this.references[index], ex);
		}
	}

	@Override
	void set(Object owner, int index, Object value) {
		try {
			this.references[index].set(owner, value);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
	}

}
