package io.cloudpickle.internal.codec;

/** How the writer handles instances of one class; decided once per class and pickler. */
final class Plan {

	enum Kind {

		STRING, INT, LONG, DOUBLE, FLOAT, SHORT, BYTE, CHAR, BOOLEAN, ENUM, CLASS, PRIMITIVE_ARRAY, OBJECT_ARRAY,
		COMPOSITE, LAMBDA, RECORD, EXTERNAL, SERIAL, OBJECT, JDK, REFUSE

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
