package io.cloudpickle.internal.codec;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The read half of the engine: reads an object graph with an explicit stack, mirroring
 * {@link ObjectWriter}, handing each value to the codec its tag names ({@link Tag}).
 * Objects that can exist before their children (plain objects, arrays, mutable
 * collections) are created first so cycles through them resolve; objects built from their
 * parts (records, immutable collections, lambdas, custom codecs) are built when their
 * last child arrives, and a cycle back into one is refused rather than restored wrongly.
 */
public final class ObjectReader implements ReadContext {

	/** What a codec returns when its value is completed later, from its children. */
	static final Object PENDING = new Object();

	private static final Object UNDER_CONSTRUCTION = new Object();

	private final ByteSource in;

	private final ReadClassTable classes;

	private final CodecRegistry registry;

	private final PickleLimits limits;

	private Object[] refs = new Object[16];

	private int refCount;

	private Frame[] stack = new Frame[16];

	private int depth;

	/** Slots waiting for an object under construction, by its id. */
	private final Map<Integer, List<Runnable>> fixups = new HashMap<>();

	/** Children promised by open frames and not yet read. */
	private long owed;

	/** Classes whose fields fingerprint was read; most payloads have few classes. */
	private long fingerprinted;

	private BitSet fingerprintedBeyond64;

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

	CodecRegistry registry() {
		return this.registry;
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
				Frame top = this.stack[this.depth - 1];
				if (top.filled < top.count) {
					this.owed--; // this child's value starts now
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

	private Object readValue() {
		int code = this.in.readUnsignedByte();
		Tag tag = Tag.of(code);
		if (tag == null) {
			throw new PickleException(
					"payload is corrupt: unknown record tag " + code + " at offset " + (this.in.position() - 1));
		}
		return tag.reader.read(this);
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

	/** The value of a {@code REF}: an object read before, or one still being built. */
	Object readReference() {
		int id = this.in.readVarInt();
		if (id >= this.refCount) {
			throw new PickleException("payload is corrupt: reference to object " + id + " before it was read");
		}
		Object value = this.refs[id];
		return (value == UNDER_CONSTRUCTION) ? new Forward(id) : value;
	}

	/** Registers an object that is built when its children have been read. */
	int registerUnderConstruction() {
		return register(UNDER_CONSTRUCTION);
	}

	/**
	 * Reads {@code count} children, then builds the object {@code id} from them.
	 * @return {@link #PENDING}
	 */
	Object buildFromChildren(int id, int count, String what, Function<Object[], Object> build) {
		return open(new BuildFrame(id, count, what, build));
	}

	/**
	 * Reads {@code count} children into {@code allocated} (or, if null, into the object
	 * {@link CompositeCodec#complete} builds from them).
	 * @return {@link #PENDING}
	 */
	Object readComposite(Class<?> type, CompositeCodec codec, ByteSource block, int count, Object allocated) {
		int id = register((allocated != null) ? allocated : UNDER_CONSTRUCTION);
		return open(new CompositeFrame(id, count, type, codec, block, allocated));
	}

	/** Gives {@code value} the next id; the limit on objects is checked here. */
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

	/**
	 * Whether the fields fingerprint of class {@code classIndex} comes next; true the
	 * first time the payload writes one of its objects.
	 */
	boolean firstFingerprint(int classIndex) {
		if (classIndex < Long.SIZE) {
			long bit = 1L << classIndex;
			boolean first = (this.fingerprinted & bit) == 0;
			this.fingerprinted |= bit;
			return first;
		}
		if (this.fingerprintedBeyond64 == null) {
			this.fingerprintedBeyond64 = new BitSet();
		}
		if (this.fingerprintedBeyond64.get(classIndex)) {
			return false;
		}
		this.fingerprintedBeyond64.set(classIndex);
		return true;
	}

	private void deliver(Frame frame, Object child) {
		if (child instanceof Forward forward) {
			Runnable patch = frame.patchLater(forward);
			if (patch == null) {
				throw cycleError();
			}
			this.fixups.computeIfAbsent(forward.id, (k) -> new ArrayList<>()).add(patch);
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
		List<Runnable> patches = this.fixups.remove(id);
		if (patches != null) {
			patches.forEach(Runnable::run);
		}
	}

	/**
	 * Opens a frame whose children the engine reads next.
	 * @return {@link #PENDING}
	 */
	Object open(Frame frame) {
		// Every child still owed by an open value takes at least one byte: a corrupt
		// payload whose nested counts add up to more than what can remain is refused
		// before any of their arrays is allocated.
		this.owed += frame.count;
		if (this.owed > this.in.remaining()) {
			throw this.in.overrun("open records claim " + this.owed + " more values");
		}
		if (this.depth >= this.limits.maxDepth()) {
			throw new PickleLimitException(PickleLimit.MAX_DEPTH,
					"object graph nests deeper than the limit maxDepth=" + this.limits.maxDepth());
		}
		if (this.depth == this.stack.length) {
			this.stack = Arrays.copyOf(this.stack, this.depth * 2);
		}
		this.stack[this.depth++] = frame;
		return PENDING;
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

	/**
	 * Reads a class index and checks this JVM pickles that class as {@code expected}, the
	 * kind the sender wrote.
	 */
	Class<?> readPlannedClass(Plan.Kind expected) {
		Class<?> type = classAt(this.in.readVarInt());
		Plan.Kind actual = this.registry.planFor(type).kind;
		if (actual != expected) {
			throw new PickleException("payload does not match this JVM: " + type.getName() + " was written as "
					+ expected + " but is pickled here as " + actual);
		}
		return type;
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

	/** Stands for an object whose value is still open; never escapes the reader. */
	final class Forward {

		private final int id;

		Forward(int id) {
			this.id = id;
		}

		/** The finished object; only valid once it is complete. */
		Object value() {
			return ObjectReader.this.refs[this.id];
		}

		void set(Field field, Object owner) {
			try {
				field.set(owner, value());
			}
			catch (IllegalAccessException | IllegalArgumentException ex) {
				throw new PickleException("cannot set field " + field.getName() + " of " + owner.getClass().getName()
						+ " to the object it refers back to: " + ex.getMessage(), ex);
			}
		}

		void store(Object[] array, int index) {
			try {
				array[index] = value();
			}
			catch (ArrayStoreException ex) {
				throw new PickleException("payload is corrupt: cannot store the object an array refers back to", ex);
			}
		}

	}

	/** An open object whose children are still being read. */
	abstract static class Frame {

		/** The id of the object, or -1 if it has none. */
		final int id;

		final int count;

		int filled;

		Frame(int id, int count) {
			this.id = id;
			this.count = count;
		}

		abstract void accept(Object child);

		/**
		 * A patch that puts the finished object into the slot the next child fills, for a
		 * child that is still under construction; null if this slot cannot be filled in
		 * later.
		 */
		Runnable patchLater(Forward forward) {
			return null;
		}

		abstract Object complete();

		abstract String label();

	}

	/**
	 * A composite's children, handed to its codec once read; a composite the codec
	 * created first can have a slot filled in later when a child closes a cycle.
	 */
	private final class CompositeFrame extends Frame {

		private final Object[] children;

		private final Class<?> type;

		private final CompositeCodec codec;

		private final ByteSource block;

		private final Object allocated;

		CompositeFrame(int id, int count, Class<?> type, CompositeCodec codec, ByteSource block, Object allocated) {
			super(id, count);
			this.children = new Object[count];
			this.type = type;
			this.codec = codec;
			this.block = block;
			this.allocated = allocated;
		}

		@Override
		Runnable patchLater(Forward forward) {
			if (this.allocated == null || !this.codec.patchable()) {
				return null;
			}
			int index = this.filled;
			return () -> this.codec.patch(this.allocated, index, forward.value());
		}

		@Override
		void accept(Object child) {
			this.children[this.filled++] = (child instanceof Forward) ? null : child;
		}

		@Override
		Object complete() {
			return this.codec.complete(this.type, this.allocated, this.block, this.children, ObjectReader.this);
		}

		@Override
		String label() {
			return this.type.getSimpleName() + " " + this.codec.childLabel(this.filled);
		}

	}

	private static final class BuildFrame extends Frame {

		private final Object[] children;

		private final String what;

		private final Function<Object[], Object> build;

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
			return this.what + " element " + this.filled;
		}

	}

}
