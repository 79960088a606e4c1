package io.cloudpickle.internal.codec;

import java.lang.reflect.Array;

import io.cloudpickle.PickleException;

/**
 * Arrays of references ({@code OBJECT_ARRAY}): the array class, the length, then each
 * element as a value. The array exists before its elements are read, so cycles through it
 * resolve.
 */
final class ObjectArrayCodec {

	private ObjectArrayCodec() {
	}

	static void write(Object value, Plan plan, ObjectWriter writer) {
		writer.assignId(value);
		Object[] array = (Object[]) value;
		writer.out().writeByte(Tag.OBJECT_ARRAY.code);
		writer.out().writeVarInt(writer.classId(value.getClass()));
		writer.out().writeVarInt(array.length);
		if (array.length > 0) {
			writer.push(new WriteFrame(array));
		}
	}

	static Object read(ObjectReader reader) {
		Class<?> type = reader.classAt(reader.in().readVarInt());
		if (!type.isArray() || type.getComponentType().isPrimitive()) {
			throw new PickleException("payload is corrupt: " + type.getName() + " is not an object array class");
		}
		int length = reader.readCount("array");
		Object[] array = (Object[]) Array.newInstance(type.getComponentType(), length);
		int id = reader.register(array);
		if (length == 0) {
			return array;
		}
		return reader.open(new ReadFrame(id, array));
	}

	private static final class WriteFrame extends ObjectWriter.Frame {

		private final Object[] array;

		private int next;

		WriteFrame(Object[] array) {
			this.array = array;
		}

		@Override
		boolean hasNext() {
			return this.next < this.array.length;
		}

		@Override
		Object next() {
			return this.array[this.next++];
		}

		@Override
		String label() {
			return "[" + Math.max(0, this.next - 1) + "]";
		}

	}

	private static final class ReadFrame extends ObjectReader.Frame {

		private final Object[] array;

		ReadFrame(int id, Object[] array) {
			super(id, array.length);
			this.array = array;
		}

		@Override
		Runnable patchLater(ObjectReader.Forward forward) {
			int index = this.filled;
			return () -> forward.store(this.array, index);
		}

		@Override
		void accept(Object child) {
			if (child instanceof ObjectReader.Forward) {
				this.filled++;
				return;
			}
			try {
				this.array[this.filled++] = child;
			}
			catch (ArrayStoreException ex) {
				throw new PickleException("payload is corrupt: cannot store a " + child.getClass().getName() + " in a "
						+ this.array.getClass().getComponentType().getName() + "[]", ex);
			}
		}

		@Override
		Object complete() {
			return this.array;
		}

		@Override
		String label() {
			return this.array.getClass().getComponentType().getSimpleName() + "[" + this.filled + "]";
		}

	}

}
