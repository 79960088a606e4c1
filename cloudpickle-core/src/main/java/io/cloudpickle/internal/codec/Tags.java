package io.cloudpickle.internal.codec;

/**
 * Record tags of the object graph; see docs/FORMAT.md. Values that are immutable and
 * canonical or cheap to repeat (boxes, booleans, enums, class values, short strings) get
 * no id; every other tag but NULL and REF gives its value the next id, so shared
 * references and cycles are kept.
 */
final class Tags {

	static final int NULL = 0;

	static final int REF = 1;

	static final int STRING = 2;

	static final int INT = 3;

	static final int LONG = 4;

	static final int DOUBLE = 5;

	static final int FLOAT = 6;

	static final int SHORT = 7;

	static final int BYTE = 8;

	static final int CHAR = 9;

	static final int TRUE = 10;

	static final int FALSE = 11;

	static final int ENUM = 12;

	static final int CLASS = 13;

	static final int OBJECT = 14;

	static final int PRIMITIVE_ARRAY = 15;

	static final int OBJECT_ARRAY = 16;

	static final int COMPOSITE = 17;

	static final int LAMBDA = 18;

	static final int SERIAL = 19;

	static final int EXTERNAL = 20;

	static final int JDK = 21;

	static final int RECORD = 22;

	/**
	 * A string of at most {@link #SHORT_STRING_MAX} chars: written in place every time,
	 * no id.
	 */
	static final int SHORT_STRING = 23;

	static final int SHORT_STRING_MAX = 32;

	/**
	 * An object the receiver already has, as the id its
	 * {@link io.cloudpickle.PersistentIds} turns back into it; no id.
	 */
	static final int PERSISTENT = 24;

	private Tags() {
	}

}
