package io.cloudpickle.internal.codec;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;

/**
 * Plain objects ({@code OBJECT}), field by field: the class, its fields fingerprint once
 * per class and payload, the primitive fields inline, then each reference field as a
 * value of its own. The instance is made without a constructor before its fields are
 * read, so cycles through fields resolve.
 */
final class FieldsCodec {

	private FieldsCodec() {
	}

	static void write(Object value, Plan plan, ObjectWriter writer) {
		ClassLayout layout = ClassLayout.of(value.getClass());
		writer.assignId(value);
		ByteSink out = writer.out();
		out.writeByte(Tag.OBJECT.code);
		int classId = writer.classId(layout.type);
		out.writeVarInt(classId);
		if (writer.firstFingerprint(classId)) {
			// The receiver checks its version of the class has the same fields.
			out.writeInt(layout.fingerprint);
		}
		FieldAccessor accessor = layout.accessor();
		accessor.writePrimitives(value, out);
		if (layout.references.length > 0) {
			writer.push(new WriteFrame(value, layout, accessor,
					writer.cleansClosures() ? layout.unreadOuterInstances() : null));
		}
	}

	static Object read(ObjectReader reader) {
		ByteSource in = reader.in();
		int classIndex = in.readVarInt();
		Class<?> type = reader.classAt(classIndex);
		Plan.Kind kind = reader.registry().planFor(type).kind;
		if (kind != Plan.Kind.OBJECT) {
			throw new PickleException("payload does not match this JVM: " + type.getName()
					+ " was written field by field but is pickled here as " + kind);
		}
		ClassLayout layout = ClassLayout.of(type);
		if (reader.firstFingerprint(classIndex) && in.readInt() != layout.fingerprint) {
			throw new PickleException("payload does not match this JVM's " + type.getName()
					+ ": its fields differ (the sender has another version of the class)");
		}
		Object instance = layout.newInstance();
		int id = reader.register(instance);
		FieldAccessor accessor = layout.accessor();
		accessor.readPrimitives(instance, in);
		Method readResolve = SerialHooks.of(type).readResolve;
		if (layout.references.length == 0 && readResolve == null) {
			return instance;
		}
		return reader.open(new ReadFrame(id, instance, layout, accessor, readResolve));
	}

	private static final class WriteFrame extends ObjectWriter.Frame {

		private final Object owner;

		private final ClassLayout layout;

		private final FieldAccessor accessor;

		/** Fields written as null (closure cleaning), or null for none. */
		private final boolean[] cleaned;

		private int next;

		WriteFrame(Object owner, ClassLayout layout, FieldAccessor accessor, boolean[] cleaned) {
			this.owner = owner;
			this.layout = layout;
			this.accessor = accessor;
			this.cleaned = cleaned;
		}

		@Override
		boolean hasNext() {
			return this.next < this.layout.references.length;
		}

		@Override
		Object next() {
			int index = this.next++;
			if (this.cleaned != null && this.cleaned[index]) {
				return null;
			}
			return this.accessor.get(this.owner, index);
		}

		@Override
		String label() {
			return "field " + this.layout.references[Math.max(0, this.next - 1)].getName();
		}

	}

	private static final class ReadFrame extends ObjectReader.Frame {

		private final Object instance;

		private final Field[] fields;

		private final FieldAccessor accessor;

		private final Method readResolve;

		ReadFrame(int id, Object instance, ClassLayout layout, FieldAccessor accessor, Method readResolve) {
			super(id, layout.references.length);
			this.instance = instance;
			this.fields = layout.references;
			this.accessor = accessor;
			this.readResolve = readResolve;
		}

		@Override
		Runnable patchLater(ObjectReader.Forward forward) {
			Field f = this.fields[this.filled];
			return () -> forward.set(f, this.instance);
		}

		@Override
		void accept(Object child) {
			int index = this.filled++;
			if (child instanceof ObjectReader.Forward) {
				return;
			}
			try {
				this.accessor.set(this.instance, index, child);
			}
			catch (ClassCastException | IllegalArgumentException ex) {
				throw new PickleException("cannot set field " + this.fields[index].getName() + " of "
						+ this.instance.getClass().getName() + " to a "
						+ ((child != null) ? child.getClass().getName() : "null") + ": " + ex.getMessage(), ex);
			}
		}

		@Override
		Object complete() {
			return ObjectReader.resolve(this.instance, this.readResolve);
		}

		@Override
		String label() {
			return ObjectWriter.describe(this.instance.getClass()) + "."
					+ this.fields[Math.min(this.filled, this.fields.length - 1)].getName();
		}

	}

}
