package io.cloudpickle.internal.lambda;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes a class file's lambdas serializable by patching only its constant pool and its
 * {@code BootstrapMethods} attribute: every bootstrap method entry that calls
 * {@code LambdaMetafactory.metafactory} is pointed at {@code altMetafactory} with one
 * more argument, {@code FLAG_SERIALIZABLE}, and every {@code altMetafactory} entry
 * without that flag gets a flags argument with it. New constants are appended to the
 * pool; every other byte of the class (methods, frames, other attributes) is copied as it
 * is, so a class costs one walk over its constant pool, and classes that create no lambda
 * cost only that walk.
 * <p>
 * A class file this cannot walk (truncated, an unknown constant tag) is reported as an
 * {@link IllegalArgumentException}.
 */
final class BootstrapMethodsPatch {

	private static final int UTF8 = 1;

	private static final int INTEGER = 3;

	private static final int FLOAT = 4;

	private static final int LONG = 5;

	private static final int DOUBLE = 6;

	private static final int CLASS = 7;

	private static final int STRING = 8;

	private static final int FIELDREF = 9;

	private static final int METHODREF = 10;

	private static final int INTERFACE_METHODREF = 11;

	private static final int NAME_AND_TYPE = 12;

	private static final int METHOD_HANDLE = 15;

	private static final int METHOD_TYPE = 16;

	private static final int DYNAMIC = 17;

	private static final int INVOKE_DYNAMIC = 18;

	private static final int MODULE = 19;

	private static final int PACKAGE = 20;

	private static final int REF_INVOKE_STATIC = 6;

	/** A bootstrap method handle that is neither of the two factories. */
	private static final byte OTHER = 0;

	private static final byte METAFACTORY = 1;

	private static final byte ALT_METAFACTORY = 2;

	private static final byte[] FACTORY = utf8("java/lang/invoke/LambdaMetafactory");

	private static final byte[] METAFACTORY_NAME = utf8("metafactory");

	private static final byte[] ALT_NAME = utf8("altMetafactory");

	private static final byte[] ALT_DESCRIPTOR = utf8("(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
			+ "Ljava/lang/invoke/MethodType;[Ljava/lang/Object;)Ljava/lang/invoke/CallSite;");

	private static final byte[] BOOTSTRAP_METHODS = utf8("BootstrapMethods");

	private final byte[] bytes;

	/**
	 * Offset of each constant pool entry's tag, by index (0 and the gaps after long and
	 * double unused).
	 */
	private int[] offsets;

	private int poolCount;

	private int poolEnd;

	private BootstrapMethodsPatch(byte[] bytes) {
		this.bytes = bytes;
	}

	/**
	 * The patched class file, or null when it creates no lambda that is not serializable
	 * already.
	 */
	static byte[] patch(byte[] classFile) {
		return new BootstrapMethodsPatch(classFile).run();
	}

	private byte[] run() {
		if (u4(0) != 0xCAFEBABE) {
			throw new IllegalArgumentException("not a class file");
		}
		if (!readPool()) {
			return null;
		}
		byte[] kinds = bootstrapKinds();
		if (kinds == null) {
			return null;
		}
		int[] attribute = bootstrapMethodsAttribute();
		if (attribute == null) {
			return null;
		}
		return rewrite(kinds, attribute[0], attribute[1]);
	}

	/**
	 * Walks the constant pool, recording where each entry starts; false when it has no
	 * {@code invokedynamic} entry or does not name LambdaMetafactory (then no call site
	 * can bootstrap through it).
	 */
	private boolean readPool() {
		this.poolCount = u2(8);
		this.offsets = new int[this.poolCount];
		boolean dynamic = false;
		boolean factory = false;
		int position = 10;
		for (int index = 1; index < this.poolCount; index++) {
			this.offsets[index] = position;
			int tag = u1(position);
			switch (tag) {
				case UTF8 -> {
					factory |= utf8Equals(index, FACTORY);
					position += 3 + u2(position + 1);
				}
				case INTEGER, FLOAT -> position += 5;
				case LONG, DOUBLE -> {
					position += 9;
					index++;
				}
				case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> position += 3;
				case FIELDREF, METHODREF, INTERFACE_METHODREF, NAME_AND_TYPE, DYNAMIC -> position += 5;
				case INVOKE_DYNAMIC -> {
					dynamic = true;
					position += 5;
				}
				case METHOD_HANDLE -> position += 4;
				default -> throw new IllegalArgumentException("unknown constant pool tag " + tag + " at " + position);
			}
		}
		this.poolEnd = position;
		checkBounds(position);
		return dynamic && factory;
	}

	/**
	 * For each constant pool index, whether it is a method handle to metafactory or
	 * altMetafactory; null when there is none.
	 */
	private byte[] bootstrapKinds() {
		byte[] kinds = null;
		for (int index = 1; index < this.poolCount; index++) {
			int at = this.offsets[index];
			if (at == 0 || u1(at) != METHOD_HANDLE || u1(at + 1) != REF_INVOKE_STATIC) {
				continue;
			}
			int method = u2(at + 2);
			if (tag(method) != METHODREF) {
				continue;
			}
			int owner = entry(u2(this.offsets[method] + 1), CLASS);
			if (!utf8Equals(u2(owner + 1), FACTORY)) {
				continue;
			}
			int nameAndType = entry(u2(this.offsets[method] + 3), NAME_AND_TYPE);
			int name = u2(nameAndType + 1);
			byte kind = utf8Equals(name, METAFACTORY_NAME) ? METAFACTORY
					: utf8Equals(name, ALT_NAME) ? ALT_METAFACTORY : OTHER;
			if (kind != OTHER) {
				if (kinds == null) {
					kinds = new byte[this.poolCount];
				}
				kinds[index] = kind;
			}
		}
		return kinds;
	}

	/**
	 * Start and end offsets of the BootstrapMethods attribute (its name index first), or
	 * null when the class has none.
	 */
	private int[] bootstrapMethodsAttribute() {
		int position = this.poolEnd + 6;
		position += 2 + 2 * u2(position);
		for (int members = 0; members < 2; members++) {
			int count = u2(position);
			position += 2;
			for (int i = 0; i < count; i++) {
				position = skipAttributes(position + 6);
			}
		}
		int count = u2(position);
		position += 2;
		int[] found = null;
		for (int i = 0; i < count; i++) {
			int end = position + 6 + u4(position + 2);
			checkBounds(end);
			if (found == null && utf8Equals(u2(position), BOOTSTRAP_METHODS)) {
				found = new int[] { position, end };
			}
			position = end;
		}
		if (position != this.bytes.length) {
			throw new IllegalArgumentException("class file has " + (this.bytes.length - position) + " bytes too many");
		}
		return found;
	}

	private int skipAttributes(int position) {
		int count = u2(position);
		position += 2;
		for (int i = 0; i < count; i++) {
			position += 6 + u4(position + 2);
			checkBounds(position);
		}
		return position;
	}

	private byte[] rewrite(byte[] kinds, int attributeStart, int attributeEnd) {
		Constants added = new Constants(this.poolCount);
		int methods = u2(attributeStart + 6);
		Out table = new Out(attributeEnd - attributeStart + 4 * methods);
		table.u2(methods);
		boolean changed = false;
		int position = attributeStart + 8;
		for (int i = 0; i < methods; i++) {
			int handle = u2(position);
			int count = u2(position + 2);
			int arguments = position + 4;
			position = arguments + 2 * count;
			checkBounds(position);
			byte kind = (handle > 0 && handle < this.poolCount) ? kinds[handle] : OTHER;
			if (kind == METAFACTORY && count == 3) {
				int method = u2(this.offsets[handle] + 2);
				table.u2(added.altMetafactory(u2(this.offsets[method] + 1)));
				table.u2(4);
				table.copy(this.bytes, arguments, 6);
				table.u2(added.integer(SerializableLambdaRewriter.FLAG_SERIALIZABLE));
				changed = true;
				continue;
			}
			int flags = (kind == ALT_METAFACTORY && count >= 4) ? u2(arguments + 6) : 0;
			if (flags > 0 && tag(flags) == INTEGER
					&& (u4(this.offsets[flags] + 1) & SerializableLambdaRewriter.FLAG_SERIALIZABLE) == 0) {
				table.u2(handle);
				table.u2(count);
				table.copy(this.bytes, arguments, 6);
				table.u2(added.integer(u4(this.offsets[flags] + 1) | SerializableLambdaRewriter.FLAG_SERIALIZABLE));
				table.copy(this.bytes, arguments + 8, 2 * count - 8);
				changed = true;
				continue;
			}
			table.copy(this.bytes, position - 4 - 2 * count, 4 + 2 * count);
		}
		if (position != attributeEnd) {
			throw new IllegalArgumentException("BootstrapMethods attribute length does not match its entries");
		}
		if (!changed) {
			return null;
		}
		byte[] pool = added.bytes();
		int newCount = this.poolCount + added.count();
		if (newCount > 0xFFFF) {
			throw new IllegalArgumentException("constant pool would exceed 65535 entries");
		}
		Out out = new Out(this.bytes.length + pool.length + table.length() - (attributeEnd - attributeStart - 6));
		out.copy(this.bytes, 0, 8);
		out.u2(newCount);
		out.copy(this.bytes, 10, this.poolEnd - 10);
		out.copy(pool, 0, pool.length);
		out.copy(this.bytes, this.poolEnd, attributeStart + 2 - this.poolEnd);
		out.u4(table.length());
		out.copy(table.buffer, 0, table.length());
		out.copy(this.bytes, attributeEnd, this.bytes.length - attributeEnd);
		return out.result();
	}

	/** The constants appended to the pool, indexed from the old pool's count on. */
	private static final class Constants {

		private final int first;

		private final Out out = new Out(256);

		private int next;

		private int altMetafactory;

		private final Map<Integer, Integer> integers = new HashMap<>();

		Constants(int first) {
			this.first = first;
			this.next = first;
		}

		/**
		 * The index of a method handle to {@code altMetafactory}, whose class is the
		 * given (LambdaMetafactory) class entry.
		 */
		int altMetafactory(int factoryClass) {
			if (this.altMetafactory == 0) {
				int name = utf8(ALT_NAME);
				int descriptor = utf8(ALT_DESCRIPTOR);
				this.out.u1(NAME_AND_TYPE);
				this.out.u2(name);
				this.out.u2(descriptor);
				int nameAndType = this.next++;
				this.out.u1(METHODREF);
				this.out.u2(factoryClass);
				this.out.u2(nameAndType);
				int method = this.next++;
				this.out.u1(METHOD_HANDLE);
				this.out.u1(REF_INVOKE_STATIC);
				this.out.u2(method);
				this.altMetafactory = this.next++;
			}
			return this.altMetafactory;
		}

		int integer(int value) {
			Integer index = this.integers.get(value);
			if (index == null) {
				this.out.u1(INTEGER);
				this.out.u4(value);
				index = this.next++;
				this.integers.put(value, index);
			}
			return index;
		}

		private int utf8(byte[] text) {
			this.out.u1(UTF8);
			this.out.u2(text.length);
			this.out.copy(text, 0, text.length);
			return this.next++;
		}

		int count() {
			return this.next - this.first;
		}

		byte[] bytes() {
			return Arrays.copyOf(this.out.buffer, this.out.length());
		}

	}

	private int entry(int index, int expectedTag) {
		if (tag(index) != expectedTag) {
			throw new IllegalArgumentException("constant " + index + " is not of tag " + expectedTag);
		}
		return this.offsets[index];
	}

	private int tag(int index) {
		if (index <= 0 || index >= this.poolCount || this.offsets[index] == 0) {
			throw new IllegalArgumentException("constant pool index " + index + " out of range");
		}
		return u1(this.offsets[index]);
	}

	private boolean utf8Equals(int index, byte[] expected) {
		if (index <= 0 || index >= this.poolCount) {
			return false;
		}
		int at = this.offsets[index];
		if (at == 0 || u1(at) != UTF8 || u2(at + 1) != expected.length) {
			return false;
		}
		checkBounds(at + 3 + expected.length);
		return Arrays.equals(this.bytes, at + 3, at + 3 + expected.length, expected, 0, expected.length);
	}

	private void checkBounds(int end) {
		if (end < 0 || end > this.bytes.length) {
			throw new IllegalArgumentException("class file truncated");
		}
	}

	private int u1(int at) {
		checkBounds(at);
		checkBounds(at + 1);
		return this.bytes[at] & 0xFF;
	}

	private int u2(int at) {
		checkBounds(at);
		checkBounds(at + 2);
		return ((this.bytes[at] & 0xFF) << 8) | (this.bytes[at + 1] & 0xFF);
	}

	private int u4(int at) {
		checkBounds(at);
		checkBounds(at + 4);
		return ((this.bytes[at] & 0xFF) << 24) | ((this.bytes[at + 1] & 0xFF) << 16)
				| ((this.bytes[at + 2] & 0xFF) << 8) | (this.bytes[at + 3] & 0xFF);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** A growing byte buffer. */
	private static final class Out {

		byte[] buffer;

		private int length;

		Out(int capacity) {
			this.buffer = new byte[Math.max(capacity, 16)];
		}

		void u1(int value) {
			ensure(1);
			this.buffer[this.length++] = (byte) value;
		}

		void u2(int value) {
			ensure(2);
			this.buffer[this.length++] = (byte) (value >>> 8);
			this.buffer[this.length++] = (byte) value;
		}

		void u4(int value) {
			u2(value >>> 16);
			u2(value);
		}

		void copy(byte[] source, int from, int count) {
			ensure(count);
			System.arraycopy(source, from, this.buffer, this.length, count);
			this.length += count;
		}

		int length() {
			return this.length;
		}

		byte[] result() {
			return (this.length == this.buffer.length) ? this.buffer : Arrays.copyOf(this.buffer, this.length);
		}

		private void ensure(int more) {
			if (this.length + more > this.buffer.length) {
				this.buffer = Arrays.copyOf(this.buffer, Math.max(this.buffer.length * 2, this.length + more));
			}
		}

	}

}
