package io.cloudpickle.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamConstants;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.internal.io.ByteSource;

/**
 * Delegates one object to the JDK's own serialization: for JDK classes we have no codec
 * for, and for serializable classes whose hierarchy we cannot reach without
 * {@code --add-opens} (exceptions, subclasses of JDK collections). Objects inside it that
 * are not the JDK's own are handed back to our graph as numbered handles, so they keep
 * their identity, may be non-serializable, and may travel by value.
 */
final class JdkStreams {

	/** How deep the JDK's recursive reader may go before we stop it cleanly. */
	private static final long MAX_JDK_DEPTH = 2_000;

	private static final int STREAM_HEADER_BYTES = 4;

	private JdkStreams() {
	}

	/** Stands in the JDK stream for an object written by our graph. */
	static final class Handle implements Serializable {

		/**
		 * The name the format gives this class inside a JDK stream, wherever it lives.
		 */
		static final String WIRE_NAME = "io.cloudpickle.codec.JdkStreams$Handle";

		private static final long serialVersionUID = 1L;

		final int index;

		Handle(int index) {
			this.index = index;
		}

	}

	/**
	 * Writes the {@code JDK} record: the Java serialization stream, then the objects it
	 * hands off to the graph.
	 */
	static void write(Object value, Plan plan, ObjectWriter writer) {
		Class<?> type = value.getClass();
		String refusal = Refusals.reasonForInstance(value);
		if (refusal != null) {
			throw new PickleException("cannot pickle " + type.getName() + ": " + refusal);
		}
		writer.assignId(value);
		List<Object> handedOff = new ArrayList<>();
		byte[] blob = writeStream(value, handedOff, writer);
		writer.out().writeByte(Tag.JDK.code);
		writer.out().writeBlob(blob);
		writer.out().writeVarInt(handedOff.size());
		writer.pushChildren(handedOff, (i) -> "object " + (i + 1) + " inside " + type.getName());
	}

	/** Reads a {@code JDK} record; the stream is read once its handed-off objects are. */
	static Object read(ObjectReader reader) {
		ByteSource blob = reader.readBlock();
		int count = reader.readCount("Java-serialized object's handles");
		return reader.buildFromChildren(reader.registerUnderConstruction(), count, "Java-serialized object",
				(children) -> readStream(blob, children, reader));
	}

	static byte[] writeStream(Object value, List<Object> handedOff, WriteContext context) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (HandingOutput out = new HandingOutput(bytes, value, handedOff, context)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			throw new PickleException(
					"cannot pickle " + value.getClass().getName() + " through Java serialization: " + ex, ex);
		}
		catch (StackOverflowError ex) {
			throw new PickleException(
					"object graph inside " + value.getClass().getName() + " is too deep for Java serialization", ex);
		}
		return bytes.toByteArray();
	}

	static Object readStream(ByteSource blob, Object[] children, ReadContext context) {
		HandleResolvingInput opened = null;
		try (HandleResolvingInput in = new HandleResolvingInput(
				new ByteArrayInputStream(blob.array(), blob.position(), blob.remaining()), children, context)) {
			opened = in;
			return in.readObject();
		}
		catch (PickleException ex) {
			throw ex;
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			if (opened != null && opened.refusal != null) {
				throw opened.refusal;
			}
			if (opened != null && opened.rejectedBy != null) {
				String message = "a Java-serialized object inside the payload exceeds the limit " + opened.rejectedBy;
				if (opened.rejectedLimit == null) {
					throw new PickleException(message, ex);
				}
				PickleLimitException limit = new PickleLimitException(opened.rejectedLimit, message);
				limit.initCause(ex);
				throw limit;
			}
			throw new PickleException("cannot read a Java-serialized object: " + ex, ex);
		}
		catch (OutOfMemoryError ex) {
			// Last resort: an allocation inside a JDK class's readObject that no filter
			// sees.
			throw new PickleException("a Java-serialized object inside the payload asked for more memory than exists",
					ex);
		}
		catch (StackOverflowError ex) {
			throw new PickleException("a Java-serialized object nests too deep", ex);
		}
	}

	/**
	 * JDK objects Java serialization handles itself; everything else (ours, or JDK types
	 * we have codecs for) is ours.
	 */
	private static boolean keepsInJdkStream(Object obj) {
		return KEEPS_IN_JDK_STREAM.get(obj.getClass());
	}

	/** Called for every object of a JDK stream, and decided by its class alone. */
	private static final ClassValue<Boolean> KEEPS_IN_JDK_STREAM = new ClassValue<>() {
		@Override
		protected Boolean computeValue(Class<?> type) {
			// Proxies (e.g. annotation instances) go to our writer, which refuses them
			// when pickling rather than the
			// reader refusing them when loading.
			return isJdkOwn(type) && Serializable.class.isAssignableFrom(type) && BuiltinCodecs.forClass(type) == null
					&& !java.lang.reflect.Proxy.isProxyClass(type);
		}
	};

	static boolean isJdkOwn(Class<?> type) {
		Class<?> c = type;
		while (c.isArray()) {
			c = c.getComponentType();
		}
		if (c.isPrimitive()) {
			return true;
		}
		ClassLoader loader = c.getClassLoader();
		return (loader == null || loader == ClassLoader.getPlatformClassLoader()) && !c.isHidden();
	}

	private static final class HandingOutput extends ObjectOutputStream {

		private final Object root;

		private final List<Object> handedOff;

		private final WriteContext context;

		HandingOutput(ByteArrayOutputStream out, Object root, List<Object> handedOff, WriteContext context)
				throws IOException {
			super(out);
			this.root = root;
			this.handedOff = handedOff;
			this.context = context;
			enableReplaceObject(true);
		}

		@Override
		protected Object replaceObject(Object obj) {
			if (obj == this.root || obj instanceof Handle || keepsInJdkStream(obj)) {
				return obj;
			}
			this.handedOff.add(obj);
			return new Handle(this.handedOff.size() - 1);
		}

		@Override
		protected void writeClassDescriptor(ObjectStreamClass desc) throws IOException {
			if (desc.forClass() != Handle.class) {
				super.writeClassDescriptor(desc);
				return;
			}
			// what ObjectStreamClass writes for Handle, under the class name the format
			// fixes
			writeUTF(Handle.WIRE_NAME);
			writeLong(desc.getSerialVersionUID());
			writeByte(ObjectStreamConstants.SC_SERIALIZABLE);
			writeShort(1);
			writeByte('I');
			writeUTF("index");
		}

		@Override
		protected void annotateClass(Class<?> cl) {
			if (!isJdkOwn(cl) && cl != Handle.class) {
				this.context.classId(cl);
			}
		}

	}

	private static final class HandleResolvingInput extends ObjectInputStream {

		private final Object[] children;

		private final ReadContext context;

		/** The limit the stream's filter refused it for, if it did, with its value. */
		String rejectedBy;

		/** The name of that limit, if it is one of {@link PickleLimits}. */
		PickleLimit rejectedLimit;

		/**
		 * Why the stream was stopped from inside a callback the JDK may wrap, if it was.
		 */
		PickleException refusal;

		/**
		 * Depths of the hash tables being filled (a JDK hash collection checks its table
		 * array first).
		 */
		private final java.util.ArrayDeque<Integer> openTables = new java.util.ArrayDeque<>();

		/** The most hashing steps charged for one object of this stream so far. */
		private long costliest;

		HandleResolvingInput(ByteArrayInputStream in, Object[] children, ReadContext context) throws IOException {
			super(in);
			this.children = children;
			this.context = context;
			enableResolveObject(true);
			PickleLimits limits = context.limits();
			// the constructor has read the header
			long blobBytes = in.available() + STREAM_HEADER_BYTES;
			// Checked by the JDK before it allocates an array: no element of a corrupt
			// stream can be smaller than a
			// byte, so no array may claim more elements than the stream has bytes.
			setObjectInputFilter((info) -> {
				String limit = null;
				if (info.depth() > Math.min(MAX_JDK_DEPTH, limits.maxDepth())) {
					limit = "maxDepth=" + Math.min(MAX_JDK_DEPTH, limits.maxDepth());
					this.rejectedLimit = PickleLimit.MAX_DEPTH;
				}
				else if (info.arrayLength() > limits.maxArrayLength()) {
					limit = "maxArrayLength=" + limits.maxArrayLength();
					this.rejectedLimit = PickleLimit.MAX_ARRAY_LENGTH;
				}
				else if (info.arrayLength() > blobBytes || info.streamBytes() > blobBytes) {
					limit = "of its own length (" + blobBytes + " bytes; the payload is corrupt)";
				}
				else if (info.references() > limits.maxObjects()) {
					limit = "maxObjects=" + limits.maxObjects();
					this.rejectedLimit = PickleLimit.MAX_OBJECTS;
				}
				else if (!chargeRepeatedKey(info)) {
					return ObjectInputFilter.Status.REJECTED;
				}
				if (limit != null) {
					this.rejectedBy = limit;
					return ObjectInputFilter.Status.REJECTED;
				}
				return ObjectInputFilter.Status.UNDECIDED;
			});
		}

		/**
		 * A back reference inside a hash table may be a key hashed again, and the JDK
		 * does not say which object it is: charge it as the costliest object seen so far.
		 * Objects read in full are charged in {@link #resolveObject}, before the table
		 * that holds them hashes them.
		 */
		private boolean chargeRepeatedKey(ObjectInputFilter.FilterInfo info) {
			long depth = info.depth();
			while (!this.openTables.isEmpty() && depth <= this.openTables.peek()) {
				this.openTables.pop();
			}
			if (info.serialClass() == Map.Entry[].class) {
				this.openTables.push((int) depth);
			}
			else if (info.serialClass() == null && info.arrayLength() < 0 && !this.openTables.isEmpty()
					&& depth == this.openTables.peek() + 1) {
				try {
					this.context.hashWork().charge(this.costliest, "a repeated key");
				}
				catch (PickleException ex) {
					this.refusal = ex;
					return false;
				}
			}
			return true;
		}

		@Override
		protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException {
			String name = desc.getName();
			if (name.equals(Handle.WIRE_NAME)) {
				return Handle.class;
			}
			try {
				return this.context.resolveClass(name);
			}
			catch (PickleException ex) {
				// Kept, so a refusal keeps its type however the JDK wraps the exception
				// below.
				this.refusal = ex;
				throw new InvalidClassException(name, ex.getMessage());
			}
		}

		@Override
		protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
			throw new InvalidClassException("dynamic proxies are not supported inside pickles");
		}

		/** Every object the stream hands out may be a key its container hashes next. */
		private Object charged(Object obj) {
			try {
				this.costliest = Math.max(this.costliest, this.context.hashWork().charge(obj));
			}
			catch (PickleException ex) {
				this.refusal = ex;
				throw ex;
			}
			return obj;
		}

		@Override
		protected Object resolveObject(Object obj) throws IOException {
			if (obj instanceof Handle handle) {
				if (handle.index < 0 || handle.index >= this.children.length) {
					throw new InvalidClassException("payload is corrupt: handle " + handle.index + " out of range");
				}
				return charged(this.children[handle.index]);
			}
			return charged(obj);
		}

	}

}
