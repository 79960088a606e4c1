package io.cloudpickle.internal.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSource;

/**
 * The {@code COMPOSITE} framing shared by every {@link CompositeCodec} (collections,
 * maps, {@code Optional}, custom codecs): the class, the codec's block with its length,
 * the child count, then the children as values.
 */
final class CompositeFraming {

	private static final Object[] NO_CHILDREN = {};

	/** A value has no children to name, so no label is ever asked for. */
	private static final IntFunction<String> NO_CHILDREN_LABELS = (index) -> "element " + index;

	private CompositeFraming() {
	}

	static void write(Object value, Plan plan, ObjectWriter writer) {
		writer.assignId(value);
		List<Object> children = new ArrayList<>();
		plan.codec.write(value, writer.scratch(), children, writer);
		writer.out().writeByte(Tag.COMPOSITE.code);
		writer.out().writeVarInt(writer.classId(value.getClass()));
		writer.writeBlock(children, plan.codec::childLabel);
	}

	/**
	 * Writes a {@code VALUE}: the framing of a composite without children, and no id.
	 */
	static void writeValue(Object value, Plan plan, ObjectWriter writer) {
		plan.codec.write(value, writer.scratch(), List.of(), writer);
		writer.out().writeByte(Tag.VALUE.code);
		writer.out().writeVarInt(writer.classId(value.getClass()));
		writer.writeBlock(List.of(), NO_CHILDREN_LABELS);
	}

	static Object readValue(ObjectReader reader) {
		Class<?> type = reader.classAt(reader.in().readVarInt());
		CompositeCodec codec = reader.registry().valueCodecFor(type);
		ByteSource block = reader.readBlock();
		if (reader.in().readVarInt() != 0) {
			throw new PickleException("payload is corrupt: a " + type.getName() + " value has no children");
		}
		return codec.complete(type, null, block, NO_CHILDREN, reader);
	}

	static Object read(ObjectReader reader) {
		Class<?> type = reader.classAt(reader.in().readVarInt());
		CompositeCodec codec = reader.registry().compositeFor(type);
		ByteSource block = reader.readBlock();
		int count = reader.readCount(type.getSimpleName());
		Object allocated = codec.allocate(type, block, count);
		return reader.readComposite(type, codec, block, count, allocated);
	}

}
