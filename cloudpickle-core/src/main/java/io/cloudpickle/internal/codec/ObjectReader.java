package io.cloudpickle.internal.codec;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.BitSet;
import java.util.function.Function;

import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.internal.classtable.ReadClassTable;
import io.cloudpickle.internal.io.ByteSource;
import io.cloudpickle.internal.io.PrintableNames;

/**
 * Reads an object graph with an explicit stack, mirroring {@link ObjectWriter}. Objects
 * that can exist before their children (plain objects, arrays, mutable collections) are
 * created first so cycles through them resolve; objects built from their parts (records,
 * immutable collections, lambdas, custom codecs) are built when their last child arrives,
 * and a cycle back into one is refused rather than restored wrongly.
 */
public final class ObjectReader implements ReadContext {

	private static final Object PENDING = new Object();

	private static final Object UNDER_CONSTRUCTION = new Object();

	private final ByteSource in;

	private final ReadClassTable classes;

	private final CodecRegistry registry;

	private final PickleLimits limits;

	private Object[] refs = new Object[64];

	private int refCount;

	private ReadFrame[] stack = new ReadFrame[64];

	private int depth;

	/** Slots waiting for an object under construction, by its id. */
	private final java.util.Map<Integer, java.util.List<Runnable>> fixups = new java.util.HashMap<>();

	/** Children promised by open frames and not yet read. */
	private long owed;

	private final BitSet fingerprinted = new BitSet();

	private final HashWork hashWork;

	public ObjectReader(ByteSource in, ReadClassTable classes, CodecRegistry registry, PickleLimits limits) {
		this.in = in;
		this.classes = classes;
		this.registry = registry;
		this.limits = limits;
		this.hashWork = new HashWork(limits.maxHashWork());
	}

	@Override
	public HashWork hashWork() {
		return this.hashWork;
	}

	@Override
	public Class<?> classAt(int index) {
		return this.classes.get(index);
	}

	@Override
	public Class<?> lambdaClassAt(int index) {
		return this.classes.getForLambda(index);
	}

	@Override
	public void usesLambda(Class<?> capturing, int implKind, Class<?> implClass, String implName,
			String implDescriptor) {
		this.classes.usesLambda(capturing, implKind, implClass, implName, implDescriptor);
	}

	@Override
	public Class<?> resolveClass(String name) {
		return this.classes.resolve(name);
	}

	@Override
	public PickleLimits limits() {
		return this.limits;
	}

	/**
	 * Reads the root value and everything it references, then the top-level variables of
	 * shipped JShell classes.
	 */
	public Object readRoot() {
		Object root = readGraphValue();
		try {
			for (int group = this.in.readVarInt(); group != 0; group = this.in.readVarInt()) {
				Class<?> type = classAt(group - 1);
				int count = readCount("top-level variables");
				for (int i = 0; i < count; i++) {
					String name = PrintableNames.require(this.in.readString(this.limits.maxStringLength()),
							"JShell variable name");
					InteractiveStatics.set(type, name, readGraphValue(), this.classes.bundleLoader(),
							this.classes.isOwnClass(type));
				}
			}
		}
		catch (PickleException ex) {
			throw ex;
		}
		catch (RuntimeException | LinkageError ex) {
			throw new PickleException("cannot restore JShell top-level variables: " + ex, ex);
		}
		return root;
	}

	private Object readGraphValue() {
		try {
			Object result = readValue();
			while (this.depth > 0) {
				ReadFrame top = this.stack[this.depth - 1];
				if (top.filled < top.count) {
					this.owed--; // this child's record starts now
					Object child = readValue();
					if (child != PENDING) {
						deliver(top, child);
					}
				}
				else {
					this.stack[--this.depth] = null;
					Object done = top.complete();
					if (top.id >= 0) {
						this.refs[top.id] = done;
						if (!this.fixups.isEmpty()) {
							resolveForwards(top.id);
						}
					}
					if (this.depth == 0) {
						result = done;
						if (!this.fixups.isEmpty()) {
							throw new PickleException("payload is corrupt: references to objects that never completed");
						}
					}
					else {
						deliver(this.stack[this.depth - 1], done);
					}
				}
			}
			return result;
		}
		catch (PickleException ex) {
			throw withPath(ex, path());
		}
		catch (RuntimeException | LinkageError ex) {
			throw new PickleException("cannot load payload: " + ex + path(), ex);
		}
	}

	/** The same refusal, of the same type, with where in the graph it happened. */
	private static PickleException withPath(PickleException ex, String path) {
		String message = ex.getMessage() + path;
		Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
		PickleException located;
		if (ex instanceof PickleLimitException limit) {
			located = new PickleLimitException(limit.limit(), message);
		}
		else if (ex instanceof ClassRefusedException refused) {
			located = new ClassRefusedException(refused.className(), message);
		}
		else {
			return new PickleException(message, cause);
		}
		located.initCause(cause);
		return located;
	}

	private String path() {
		if (this.depth == 0) {
			return "";
		}
		StringBuilder sb = new StringBuilder(" (while reading ");
		for (int i = 0; i < this.depth; i++) {
			if (i > 0) {
				sb.append(" → ");
			}
			sb.append(this.stack[i].label());
		}
		return sb.append(')').toString();
	}

	ByteSource in() {
		return this.in;
	}

	/** Registers an object that is built when its children have been read. */
	int registerUnderConstruction() {
		return register(UNDER_CONSTRUCTION);
	}

	/**
	 * Reads {@code count} children, then builds the object {@code id} from them.
	 * @return the marker that the value is pending
	 */
	Object buildFromChildren(int id, int count, String what, Function<Object[], Object> build) {
		push(new BuildFrame(id, count, what, build));
		return PENDING;
	}

	int register(Object value) {
		if (this.refCount == this.refs.length) {
			this.refs = Arrays.copyOf(this.refs, this.refCount * 2);
		}
		if (this.refCount >= this.limits.maxObjects()) {
			throw new PickleLimitException(PickleLimit.MAX_OBJECTS,
					"payload has more than " + this.limits.maxObjects() + " objects, over the limit maxObjects");
		}
		this.refs[this.refCount] = value;
		return this.refCount++;
	}

	private void deliver(ReadFrame frame, Object child) {
		if (child instanceof Forward forward) {
			Runnable patch = frame.patchLater(forward, this.refs);
			if (patch == null) {
				throw cycleError();
			}
			this.fixups.computeIfAbsent(forward.id, (k) -> new java.util.ArrayList<>()).add(patch);
		}
		frame.accept(child);
	}

	static PickleException cycleError() {
		return new PickleException("the graph has a cycle back into an object that is rebuilt from its parts (record,"
				+ " immutable collection, lambda or custom codec) through a slot that cannot be filled in later; only"
				+ " fields, array elements and AtomicReferences can close such a cycle");
	}

	/** Fills in the slots that referred to {@code id} while it was being built. */
	private void resolveForwards(int id) {
		java.util.List<Runnable> patches = this.fixups.remove(id);
		if (patches != null) {
			patches.forEach(Runnable::run);
		}
	}

	private void push(ReadFrame frame) {
		// Every child still owed by an open record takes at least one byte: a corrupt
		// payload whose nested counts add
		// up to more than what remains is refused before any of their arrays is
		// allocated.
		this.owed += frame.count;
		if (this.owed > this.in.remaining()) {
			throw new PickleException("payload is truncated or corrupt: open records claim " + this.owed
					+ " more values but only " + this.in.remaining() + " bytes remain");
		}
		if (this.depth >= this.limits.maxDepth()) {
			throw new PickleLimitException(PickleLimit.MAX_DEPTH,
					"object graph nests deeper than the limit maxDepth=" + this.limits.maxDepth());
		}
		if (this.depth == this.stack.length) {
			this.stack = Arrays.copyOf(this.stack, this.depth * 2);
		}
		this.stack[this.depth++] = frame;
	}

	int readCount(String what) {
		int count = this.in.readVarInt();
		if (count > this.limits.maxArrayLength()) {
			throw new PickleLimitException(PickleLimit.MAX_ARRAY_LENGTH, what + " of " + count
					+ " elements exceeds the limit maxArrayLength=" + this.limits.maxArrayLength());
		}
		this.in.requireAvailable(count, 1, what);
		return count;
	}

	ByteSource readBlock() {
		int length = this.in.readVarInt();
		int start = this.in.take(length);
		return new ByteSource(this.in.array(), start, length);
	}

	private Object readValue() {
		ByteSource s = this.in;
		int tag = s.readUnsignedByte();
		switch (tag) {
			case Tags.NULL:
				return null;
			case Tags.REF: {
				int id = s.readVarInt();
				if (id >= this.refCount) {
					throw new PickleException("payload is corrupt: reference to object " + id + " before it was read");
				}
				Object value = this.refs[id];
				return (value == UNDER_CONSTRUCTION) ? new Forward(id) : value;
			}
			case Tags.STRING: {
				String v = s.readString(this.limits.maxStringLength());
				register(v);
				return v;
			}
			case Tags.SHORT_STRING:
				return s.readString(Math.min(Tags.SHORT_STRING_MAX, this.limits.maxStringLength()));
			case Tags.INT:
				return s.readZigZagInt();
			case Tags.LONG:
				return s.readZigZagLong();
			case Tags.DOUBLE:
				return s.readDouble();
			case Tags.FLOAT:
				return s.readFloat();
			case Tags.SHORT:
				return s.readShort();
			case Tags.BYTE:
				return (byte) s.readByte();
			case Tags.CHAR:
				return s.readChar();
			case Tags.TRUE:
				return Boolean.TRUE;
			case Tags.FALSE:
				return Boolean.FALSE;
			case Tags.ENUM:
				return EnumCodec.read(this);
			case Tags.CLASS:
				return classAt(s.readVarInt());
			case Tags.PRIMITIVE_ARRAY:
				return registered(PrimitiveArrays.read(s, this.limits.maxArrayLength()));
			case Tags.OBJECT_ARRAY:
				return readObjectArray();
			case Tags.OBJECT:
				return readObject();
			case Tags.RECORD:
				return RecordCodec.read(this);
			case Tags.COMPOSITE:
				return readComposite();
			case Tags.LAMBDA:
				return LambdaCodec.readRecord(this);
			case Tags.SERIAL:
				return SerialCodec.read(this);
			case Tags.EXTERNAL:
				return ExternalCodec.read(this);
			case Tags.PERSISTENT:
				return PersistentRecords.read(this.registry.persistentIds, s, this.limits);
			case Tags.JDK:
				return JdkStreams.readRecord(this);
			default:
				throw new PickleException(
						"payload is corrupt: unknown record tag " + tag + " at offset " + (s.position() - 1));
		}
	}

	private Object registered(Object value) {
		register(value);
		return value;
	}

	Class<?> readPlannedClass(Plan.Kind expected) {
		Class<?> type = classAt(this.in.readVarInt());
		Plan.Kind actual = this.registry.planFor(type).kind;
		if (actual != expected) {
			throw new PickleException("payload does not match this JVM: " + type.getName() + " was written as "
					+ expected + " but is pickled here as " + actual);
		}
		return type;
	}

	private Object readObjectArray() {
		Class<?> type = classAt(this.in.readVarInt());
		if (!type.isArray() || type.getComponentType().isPrimitive()) {
			throw new PickleException("payload is corrupt: " + type.getName() + " is not an object array class");
		}
		int length = readCount("array");
		Object[] array = (Object[]) Array.newInstance(type.getComponentType(), length);
		int id = register(array);
		if (length == 0) {
			return array;
		}
		push(new ArrayFrame(id, array));
		return PENDING;
	}

	private Object readObject() {
		int classIndex = this.in.readVarInt();
		Class<?> type = classAt(classIndex);
		Plan.Kind kind = this.registry.planFor(type).kind;
		if (kind != Plan.Kind.OBJECT) {
			throw new PickleException("payload does not match this JVM: " + type.getName()
					+ " was written field by field but is pickled here as " + kind);
		}
		ClassLayout layout = ClassLayout.of(type);
		if (!this.fingerprinted.get(classIndex)) {
			this.fingerprinted.set(classIndex);
			if (this.in.readInt() != layout.fingerprint) {
				throw new PickleException("payload does not match this JVM's " + type.getName()
						+ ": its fields differ (the sender has another version of the class)");
			}
		}
		Object instance = layout.newInstance();
		int id = register(instance);
		try {
			for (Field f : layout.primitives) {
				PrimitiveArrays.readField(f, instance, this.in);
			}
		}
		catch (IllegalAccessException ex) {
			throw new PickleException("cannot set fields of " + type.getName(), ex);
		}
		Method readResolve = SerialHooks.of(type).readResolve;
		if (layout.references.length == 0 && readResolve == null) {
			return instance;
		}
		push(new FieldsFrame(id, instance, layout.references, readResolve));
		return PENDING;
	}

	private Object readComposite() {
		Class<?> type = classAt(this.in.readVarInt());
		CompositeCodec codec = this.registry.compositeFor(type);
		ByteSource block = readBlock();
		int count = readCount(type.getSimpleName());
		Object allocated = codec.allocate(type, block, count);
		int id = register((allocated != null) ? allocated : UNDER_CONSTRUCTION);
		BuildFrame frame = new BuildFrame(id, count, type.getSimpleName(),
				(children) -> codec.complete(type, allocated, block, children, this));
		frame.labels = codec::childLabel;
		if (allocated != null && codec.patchable()) {
			frame.patcher = (index, forward) -> () -> codec.patch(allocated, index, this.refs[forward.id]);
		}
		push(frame);
		return PENDING;
	}

	static Object resolve(Object instance, Method readResolve) {
		if (readResolve == null) {
			return instance;
		}
		try {
			return readResolve.invoke(instance);
		}
		catch (InvocationTargetException ex) {
			throw new PickleException("readResolve of " + instance.getClass().getName() + " failed: " + ex.getCause(),
					ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new PickleException("cannot call readResolve of " + instance.getClass().getName(), ex);
		}
	}

	/** Stands for an object whose record is still open; never escapes the reader. */
	private final class Forward {

		final int id;

		Forward(int id) {
			this.id = id;
		}

		void set(Field field, Object owner) {
			try {
				field.set(owner, ObjectReader.this.refs[this.id]);
			}
			catch (IllegalAccessException | IllegalArgumentException ex) {
				throw new PickleException("cannot set field " + field.getName() + " of " + owner.getClass().getName()
						+ " to the object it refers back to: " + ex.getMessage(), ex);
			}
		}

		void store(Object[] array, int index) {
			try {
				array[index] = ObjectReader.this.refs[this.id];
			}
			catch (ArrayStoreException ex) {
				throw new PickleException("payload is corrupt: cannot store the object an array refers back to", ex);
			}
		}

	}

	private abstract static class ReadFrame {

		final int id;

		final int count;

		int filled;

		ReadFrame(int id, int count) {
			this.id = id;
			this.count = count;
		}

		abstract void accept(Object child);

		/**
		 * A patch that puts the finished object into the slot the next child fills, for a
		 * child that is still under construction; null if this slot cannot be filled in
		 * later.
		 */
		Runnable patchLater(Forward forward, Object[] refsAtCall) {
			return null;
		}

		abstract Object complete();

		abstract String label();

	}

	private static final class FieldsFrame extends ReadFrame {

		private final Object instance;

		private final Field[] fields;

		private final Method readResolve;

		FieldsFrame(int id, Object instance, Field[] fields, Method readResolve) {
			super(id, fields.length);
			this.instance = instance;
			this.fields = fields;
			this.readResolve = readResolve;
		}

		@Override
		Runnable patchLater(Forward forward, Object[] unused) {
			Field f = this.fields[this.filled];
			return () -> forward.set(f, this.instance);
		}

		@Override
		void accept(Object child) {
			Field f = this.fields[this.filled++];
			if (child instanceof Forward) {
				return;
			}
			try {
				f.set(this.instance, child);
			}
			catch (IllegalAccessException | IllegalArgumentException ex) {
				throw new PickleException(
						"cannot set field " + f.getName() + " of " + this.instance.getClass().getName() + " to a "
								+ ((child != null) ? child.getClass().getName() : "null") + ": " + ex.getMessage(),
						ex);
			}
		}

		@Override
		Object complete() {
			return resolve(this.instance, this.readResolve);
		}

		@Override
		String label() {
			return ObjectWriter.describe(this.instance.getClass()) + "."
					+ this.fields[Math.min(this.filled, this.fields.length - 1)].getName();
		}

	}

	private static final class ArrayFrame extends ReadFrame {

		private final Object[] array;

		ArrayFrame(int id, Object[] array) {
			super(id, array.length);
			this.array = array;
		}

		@Override
		Runnable patchLater(Forward forward, Object[] unused) {
			int index = this.filled;
			return () -> forward.store(this.array, index);
		}

		@Override
		void accept(Object child) {
			if (child instanceof Forward) {
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

	private static final class BuildFrame extends ReadFrame {

		private final Object[] children;

		private final String what;

		private final Function<Object[], Object> build;

		java.util.function.IntFunction<String> labels = (i) -> "element " + i;

		/**
		 * For composites created first: how to fill child slot i later; null when they
		 * are built from parts.
		 */
		java.util.function.BiFunction<Integer, Forward, Runnable> patcher;

		@Override
		Runnable patchLater(Forward forward, Object[] unused) {
			return (this.patcher != null) ? this.patcher.apply(this.filled, forward) : null;
		}

		BuildFrame(int id, int count, String what, Function<Object[], Object> build) {
			super(id, count);
			this.children = new Object[count];
			this.what = what;
			this.build = build;
		}

		@Override
		void accept(Object child) {
			this.children[this.filled++] = (child instanceof Forward) ? null : child;
		}

		@Override
		Object complete() {
			return this.build.apply(this.children);
		}

		@Override
		String label() {
			return this.what + " " + this.labels.apply(this.filled);
		}

	}

}
