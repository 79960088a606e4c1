package io.cloudpickle.internal.codec;

/**
 * The one table of the object graph's tags (docs/FORMAT.md §5): the byte each value
 * starts with, and the codec that reads what follows. Values that are immutable and
 * canonical or cheap to repeat (boxes, booleans, enums, class values, short strings,
 * persistent ids) get no id; every other tag but NULL and REF gives its value the next
 * id, so shared references and cycles are kept.
 */
enum Tag {

	NULL(0, false, (reader) -> null),

	REF(1, false, ObjectReader::readReference),

	STRING(2, true, StringCodec::readLong),

	INT(3, false, BoxCodec::readInt),

	LONG(4, false, BoxCodec::readLong),

	DOUBLE(5, false, BoxCodec::readDouble),

	FLOAT(6, false, BoxCodec::readFloat),

	SHORT(7, false, BoxCodec::readShort),

	BYTE(8, false, BoxCodec::readByte),

	CHAR(9, false, BoxCodec::readChar),

	TRUE(10, false, (reader) -> Boolean.TRUE),

	FALSE(11, false, (reader) -> Boolean.FALSE),

	ENUM(12, false, EnumCodec::read),

	CLASS(13, false, ClassCodec::read),

	OBJECT(14, true, FieldsCodec::read),

	PRIMITIVE_ARRAY(15, true, PrimitiveArrays::read),

	OBJECT_ARRAY(16, true, ObjectArrayCodec::read),

	COMPOSITE(17, true, CompositeFraming::read),

	LAMBDA(18, true, LambdaCodec::read),

	SERIAL(19, true, SerialCodec::read),

	EXTERNAL(20, true, ExternalCodec::read),

	JDK(21, true, JdkStreams::read),

	RECORD(22, true, RecordCodec::read),

	/**
	 * A string of at most {@link StringCodec#SHORT_MAX} chars: written in place, no id.
	 */
	SHORT_STRING(23, false, StringCodec::readShort),

	/**
	 * An object the receiver already has, as the id its
	 * {@link io.cloudpickle.PersistentIds} turns back into it; no id.
	 */
	PERSISTENT(24, false, PersistentCodec::read),

	/**
	 * An immutable value of a built-in codec without children ({@code UUID},
	 * {@code BigInteger}, {@code BigDecimal}, {@code OptionalInt/Long/Double}, paths):
	 * framed as {@link #COMPOSITE}, but it cannot be shared in a way anyone can observe,
	 * so it takes no id and the writer does not track it.
	 */
	VALUE(25, false, CompositeFraming::readValue);

	private static final Tag[] BY_CODE = new Tag[values().length];

	static {
		for (Tag tag : values()) {
			if (BY_CODE[tag.code] != null) {
				throw new ExceptionInInitializerError("tag " + tag.code + " given twice");
			}
			BY_CODE[tag.code] = tag;
		}
	}

	/** The byte that starts the value. */
	final int code;

	/** Whether the value takes the next object id, so later references can name it. */
	final boolean givesId;

	/** Reads the rest of a value that starts with this tag. */
	final Reader reader;

	Tag(int code, boolean givesId, Reader reader) {
		this.code = code;
		this.givesId = givesId;
		this.reader = reader;
	}

	/** The tag written as {@code code}, or null if there is none. */
	static Tag of(int code) {
		return (code < BY_CODE.length) ? BY_CODE[code] : null;
	}

	/** Reads one value, its tag already consumed. */
	@FunctionalInterface
	interface Reader {

		/**
		 * Returns the value, or {@link ObjectReader#PENDING} when it is completed later
		 * from children the engine reads next.
		 */
		Object read(ObjectReader reader);

	}

}
