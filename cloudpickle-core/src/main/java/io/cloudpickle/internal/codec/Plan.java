package io.cloudpickle.internal.codec;

import io.cloudpickle.PickleException;

/** How the writer handles instances of one class; decided once per class and pickler. */
final class Plan {

	/**
	 * The kinds of value: each with the tag its value starts with and the codec that
	 * writes it.
	 */
	enum Kind {

		STRING(Tag.STRING, StringCodec::write),

		INT(Tag.INT, BoxCodec::writeInt),

		LONG(Tag.LONG, BoxCodec::writeLong),

		DOUBLE(Tag.DOUBLE, BoxCodec::writeDouble),

		FLOAT(Tag.FLOAT, BoxCodec::writeFloat),

		SHORT(Tag.SHORT, BoxCodec::writeShort),

		BYTE(Tag.BYTE, BoxCodec::writeByte),

		CHAR(Tag.CHAR, BoxCodec::writeChar),

		/** Written as {@link Tag#TRUE} or {@link Tag#FALSE}. */
		BOOLEAN(Tag.TRUE, BoxCodec::writeBoolean),

		ENUM(Tag.ENUM, EnumCodec::write),

		CLASS(Tag.CLASS, ClassCodec::write),

		PRIMITIVE_ARRAY(Tag.PRIMITIVE_ARRAY, PrimitiveArrays::write),

		OBJECT_ARRAY(Tag.OBJECT_ARRAY, ObjectArrayCodec::write),

		COMPOSITE(Tag.COMPOSITE, CompositeFraming::write),

		/** A built-in immutable value without children, written again at each use. */
		VALUE(Tag.VALUE, CompositeFraming::writeValue),

		LAMBDA(Tag.LAMBDA, LambdaCodec::write),

		RECORD(Tag.RECORD, RecordCodec::write),

		EXTERNAL(Tag.EXTERNAL, ExternalCodec::write),

		SERIAL(Tag.SERIAL, SerialCodec::write),

		OBJECT(Tag.OBJECT, FieldsCodec::write),

		JDK(Tag.JDK, JdkStreams::write),

		/** Never written: the writer refuses the value. */
		REFUSE(null, (value, plan, writer) -> {
			throw new PickleException("cannot pickle " + value.getClass().getName() + ": " + plan.refusal);
		});

		/** The tag this kind's values start with; null for a refused kind. */
		final Tag tag;

		final Writer writer;

		/**
		 * Whether values of this kind never get an id (short strings, a {@code STRING}
		 * case, are decided per value).
		 */
		final boolean idFree;

		Kind(Tag tag, Writer writer) {
			this.tag = tag;
			this.writer = writer;
			this.idFree = tag != null && !tag.givesId;
		}

	}

	/** Writes one value of a kind: its tag, its data, and the frame for its children. */
	@FunctionalInterface
	interface Writer {

		void write(Object value, Plan plan, ObjectWriter writer);

	}

	final Kind kind;

	final CompositeCodec codec;

	final String refusal;

	private Plan(Kind kind, CompositeCodec codec, String refusal) {
		this.kind = kind;
		this.codec = codec;
		this.refusal = refusal;
	}

	/**
	 * Whether a class-defined writeReplace applies (the JDK path runs it itself; lambdas
	 * have their own encoding).
	 */
	boolean honoursWriteReplace() {
		return this.kind == Kind.OBJECT || this.kind == Kind.RECORD || this.kind == Kind.SERIAL
				|| this.kind == Kind.EXTERNAL;
	}

	/** Whether {@code value}, of this plan's class, is written without an id. */
	boolean writesWithoutId(Object value) {
		return this.kind.idFree || (this.kind == Kind.STRING && StringCodec.isShort((String) value));
	}

	static Plan of(Kind kind) {
		return new Plan(kind, null, null);
	}

	static Plan composite(CompositeCodec codec) {
		return new Plan(Kind.COMPOSITE, codec, null);
	}

	static Plan value(CompositeCodec codec) {
		return new Plan(Kind.VALUE, codec, null);
	}

	static Plan refuse(String reason) {
		return new Plan(Kind.REFUSE, null, reason);
	}

}
