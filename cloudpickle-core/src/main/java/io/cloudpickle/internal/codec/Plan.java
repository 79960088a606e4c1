package io.cloudpickle.internal.codec;

/** How the writer handles instances of one class; decided once per class and pickler. */
final class Plan {

	/** The kinds of value, each with the tag its record starts with ({@link Tags}). */
	enum Kind {

		STRING(Tags.STRING), INT(Tags.INT), LONG(Tags.LONG), DOUBLE(Tags.DOUBLE), FLOAT(Tags.FLOAT), SHORT(Tags.SHORT),
		BYTE(Tags.BYTE), CHAR(Tags.CHAR),
		/** Written as {@link Tags#TRUE} or {@link Tags#FALSE}. */
		BOOLEAN(Tags.TRUE), ENUM(Tags.ENUM), CLASS(Tags.CLASS), PRIMITIVE_ARRAY(Tags.PRIMITIVE_ARRAY),
		OBJECT_ARRAY(Tags.OBJECT_ARRAY), COMPOSITE(Tags.COMPOSITE), LAMBDA(Tags.LAMBDA), RECORD(Tags.RECORD),
		EXTERNAL(Tags.EXTERNAL), SERIAL(Tags.SERIAL), OBJECT(Tags.OBJECT), JDK(Tags.JDK),
		/** Never written: the writer refuses the value. */
		REFUSE(-1);

		/** The tag of this kind's record. */
		final int tag;

		Kind(int tag) {
			this.tag = tag;
		}

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
	 * have our own record).
	 */
	boolean honoursWriteReplace() {
		return this.kind == Kind.OBJECT || this.kind == Kind.RECORD || this.kind == Kind.SERIAL
				|| this.kind == Kind.EXTERNAL;
	}

	static Plan of(Kind kind) {
		return new Plan(kind, null, null);
	}

	static Plan composite(CompositeCodec codec) {
		return new Plan(Kind.COMPOSITE, codec, null);
	}

	static Plan refuse(String reason) {
		return new Plan(Kind.REFUSE, null, reason);
	}

}
