package io.cloudpickle.internal.codec;

import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;

/**
 * The {@code SERIAL} record: a class with {@code writeObject}/{@code readObject} hooks,
 * one block and its objects per serializable level, replayed into the hooks on reading.
 */
final class SerialCodec {

	private SerialCodec() {
	}

	static void write(Object value, Plan plan, ObjectWriter writer) {
		Class<?> type = value.getClass();
		writer.assignId(value);
		ByteSink out = writer.out();
		out.writeByte(Tag.SERIAL.code);
		out.writeVarInt(writer.classId(type));
		SerialStreams.Recorded recorded = SerialStreams.recordLevels(value, SerialHooks.of(type), writer);
		out.writeVarInt(recorded.segments().length);
		for (SerialStreams.Segment segment : recorded.segments()) {
			out.writeBlob(segment.block());
			out.writeVarInt(segment.childCount());
		}
		writer.pushChildren(recorded.children(), (i) -> "serialized object " + (i + 1));
	}

	static Object read(ObjectReader reader) {
		Class<?> type = reader.readPlannedClass(Plan.Kind.SERIAL);
		SerialHooks hooks = SerialHooks.of(type);
		int levels = reader.readCount("serializable levels");
		ByteSource[] blocks = new ByteSource[levels];
		int[] counts = new int[levels];
		long total = 0;
		for (int i = 0; i < levels; i++) {
			blocks[i] = reader.readBlock();
			counts[i] = reader.in().readVarInt();
			total += counts[i];
		}
		reader.in().requireAvailable(total, 1, "serialized objects");
		Object instance = ClassLayout.of(type).newInstance();
		int id = reader.register(instance);
		return reader.buildFromChildren(id, (int) total, type.getSimpleName(), (children) -> {
			SerialStreams.replayLevels(instance, hooks, blocks, counts, children);
			return ObjectReader.resolve(instance, hooks.readResolve);
		});
	}

}
