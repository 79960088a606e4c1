package io.cloudpickle.internal.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;

/**
 * Codecs for the JDK types the engine cannot reach field by field without
 * {@code --add-opens}: collections and maps (order, comparators and sharing kept),
 * immutable collections, {@code Optional}, {@code UUID}, big numbers.
 */
final class BuiltinCodecs {

	private static final Map<Class<?>, CompositeCodec> CODECS = new HashMap<>();

	static {
		mutableCollection(ArrayList.class, ArrayList::new);
		mutableCollection(LinkedList.class, (n) -> new LinkedList<>());
		mutableCollection(HashSet.class, (n) -> new HashSet<>(Math.max(16, (int) (n / .75f) + 1)));
		mutableCollection(LinkedHashSet.class, (n) -> new LinkedHashSet<>(Math.max(16, (int) (n / .75f) + 1)));
		mutableCollection(ArrayDeque.class, ArrayDeque::new);
		mutableCollection(CopyOnWriteArrayList.class, (n) -> new CopyOnWriteArrayList<>());
		mutableMap(HashMap.class, (n) -> new HashMap<>(Math.max(16, (int) (n / .75f) + 1)));
		// No codec for LinkedHashMap: its accessOrder flag cannot be read without
		// --add-opens, and Java
		// serialization (with our handles for the entries) keeps it.
		mutableMap(ConcurrentHashMap.class, ConcurrentHashMap::new);
		mutableMap(IdentityHashMap.class, IdentityHashMap::new);
		mutableMap(WeakHashMap.class, WeakHashMap::new);
		CODECS.put(TreeMap.class, new SortedMapCodec(TreeMap::new));
		CODECS.put(ConcurrentSkipListMap.class, new SortedMapCodec(ConcurrentSkipListMap::new));
		CODECS.put(TreeSet.class, new TreeSetCodec());
		ImmutableCodec lists = new ImmutableCodec(ImmutableCodec.LIST);
		ImmutableCodec sets = new ImmutableCodec(ImmutableCodec.SET);
		ImmutableCodec maps = new ImmutableCodec(ImmutableCodec.MAP);
		for (Object sample : List.of(List.of(), List.of(1), List.of(1, 2, 3), List.of(1, 2).subList(0, 1),
				Arrays.asList(1, null).stream().toList())) {
			CODECS.put(sample.getClass(), lists);
		}
		for (Object sample : List.of(Set.of(), Set.of(1), Set.of(1, 2, 3))) {
			CODECS.put(sample.getClass(), sets);
		}
		for (Object sample : List.of(Map.of(), Map.of(1, 1), Map.of(1, 1, 2, 2))) {
			CODECS.put(sample.getClass(), maps);
		}
		CODECS.put(Optional.class, new OptionalCodec());
		CODECS.put(Map.entry(1, 1).getClass(), new EntryCodec());
		CODECS.put(AtomicReference.class, new AtomicReferenceCodec());
		CODECS.put(AtomicInteger.class, new PlainCodec((v, out) -> out.writeInt(((AtomicInteger) v).get()),
				(in) -> new AtomicInteger(in.readInt())));
		CODECS.put(AtomicLong.class, new PlainCodec((v, out) -> out.writeLong(((AtomicLong) v).get()),
				(in) -> new AtomicLong(in.readLong())));
		CODECS.put(AtomicBoolean.class, new PlainCodec((v, out) -> out.writeBoolean(((AtomicBoolean) v).get()),
				(in) -> new AtomicBoolean(in.readBoolean())));
		CODECS.put(OptionalInt.class, PlainCodec.value((v, out) -> {
			OptionalInt o = (OptionalInt) v;
			out.writeBoolean(o.isPresent());
			out.writeInt(o.orElse(0));
		}, (in) -> in.readBoolean() ? OptionalInt.of(in.readInt()) : skipInt(in, OptionalInt.empty())));
		CODECS.put(OptionalLong.class, PlainCodec.value((v, out) -> {
			OptionalLong o = (OptionalLong) v;
			out.writeBoolean(o.isPresent());
			out.writeLong(o.orElse(0));
		}, (in) -> in.readBoolean() ? OptionalLong.of(in.readLong()) : skipLong(in, OptionalLong.empty())));
		CODECS.put(OptionalDouble.class, PlainCodec.value((v, out) -> {
			OptionalDouble o = (OptionalDouble) v;
			out.writeBoolean(o.isPresent());
			out.writeDouble(o.orElse(0));
		}, (in) -> in.readBoolean() ? OptionalDouble.of(in.readDouble()) : skipLong(in, OptionalDouble.empty())));
		CODECS.put(UUID.class, PlainCodec.value((v, out) -> {
			out.writeLong(((UUID) v).getMostSignificantBits());
			out.writeLong(((UUID) v).getLeastSignificantBits());
		}, (in) -> new UUID(in.readLong(), in.readLong())));
		CODECS.put(BigInteger.class, PlainCodec.value((v, out) -> out.writeBlob(((BigInteger) v).toByteArray()),
				(in) -> new BigInteger(bigBytes(in))));
		CODECS.put(BigDecimal.class, PlainCodec.value((v, out) -> {
			out.writeZigZag(((BigDecimal) v).scale());
			out.writeBlob(((BigDecimal) v).unscaledValue().toByteArray());
		}, (in) -> {
			int scale = in.readZigZagInt();
			return new BigDecimal(new BigInteger(bigBytes(in)), scale);
		}));
	}

	private BuiltinCodecs() {
	}

	private static final CompositeCodec PATH = PlainCodec.value((v, out) -> out.writeString(v.toString()), (in) -> {
		String path = in.readString(1 << 16);
		try {
			return Path.of(path);
		}
		catch (InvalidPathException ex) {
			throw new PickleException("path " + path + " is not valid on this JVM's file system", ex);
		}
	});

	private static final CompositeCodec CHARSET = PlainCodec.value((v, out) -> out.writeString(((Charset) v).name()),
			(in) -> {
				String name = in.readString(256);
				try {
					return Charset.forName(name);
				}
				catch (IllegalArgumentException ex) {
					throw new PickleException("charset " + name + " is not available on this JVM", ex);
				}
			});

	/** Byte buffers: content, position, limit, byte order, read-only and direct flags. */
	private static final CompositeCodec BYTE_BUFFER = new PlainCodec((v, out) -> {
		ByteBuffer buffer = (ByteBuffer) v;
		ByteBuffer all = buffer.duplicate().clear();
		byte[] content = new byte[all.remaining()];
		all.get(content);
		out.writeBlob(content);
		out.writeVarInt(buffer.position());
		out.writeVarInt(buffer.limit());
		out.writeByte((buffer.order() == ByteOrder.BIG_ENDIAN ? 0 : 1) | (buffer.isReadOnly() ? 2 : 0)
				| (buffer.isDirect() ? 4 : 0));
	}, (in) -> {
		byte[] content = in.readBlob(Integer.MAX_VALUE - 16, "byte buffer");
		int position = in.readVarInt();
		int limit = in.readVarInt();
		int flags = in.readUnsignedByte();
		if (limit > content.length || position > limit) {
			throw new PickleException("payload is corrupt: byte buffer position/limit out of range");
		}
		ByteBuffer buffer = ((flags & 4) != 0) ? ByteBuffer.allocateDirect(content.length).put(content)
				: ByteBuffer.wrap(content);
		buffer.limit(limit).position(position);
		buffer.order(((flags & 1) != 0) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
		return ((flags & 2) != 0) ? buffer.asReadOnlyBuffer().order(buffer.order()) : buffer;
	});

	/**
	 * The codec for exactly {@code type}, or for JDK implementations of Path, Charset and
	 * ByteBuffer.
	 */
	static CompositeCodec forClass(Class<?> type) {
		CompositeCodec codec = CODECS.get(type);
		if (codec != null || !JdkStreams.isJdkOwn(type)) {
			return codec;
		}
		if (Path.class.isAssignableFrom(type)) {
			return PATH;
		}
		if (Charset.class.isAssignableFrom(type)) {
			return CHARSET;
		}
		if (ByteBuffer.class.isAssignableFrom(type)) {
			return BYTE_BUFFER;
		}
		return null;
	}

	private static <T> T skipInt(ByteSource in, T value) {
		in.readInt();
		return value;
	}

	private static <T> T skipLong(ByteSource in, T value) {
		in.readLong();
		return value;
	}

	private static byte[] bigBytes(ByteSource in) {
		byte[] bytes = in.readBlob(1 << 24, "big number");
		if (bytes.length == 0) {
			throw new PickleException("payload is corrupt: empty big number");
		}
		return bytes;
	}

	private static void mutableCollection(Class<?> type, IntFunction<Collection<Object>> factory) {
		CODECS.put(type, new CollectionCodec(factory));
	}

	private static void mutableMap(Class<?> type, IntFunction<Map<Object, Object>> factory) {
		CODECS.put(type, new MapCodec(factory));
	}

	private static int readSize(ByteSource block, int childCount, int perElement) {
		int size = block.readVarInt();
		if ((long) size * perElement != childCount) {
			throw new PickleException("payload is corrupt: collection of " + size + " has " + childCount + " children");
		}
		return size;
	}

	/**
	 * Mutable collections: created empty first (so they can be part of cycles), filled
	 * once elements are read.
	 */
	private record CollectionCodec(IntFunction<Collection<Object>> factory) implements CompositeCodec {

		@Override
		public void write(Object value, ByteSink block, List<Object> children, WriteContext context) {
			Collection<?> c = (Collection<?>) value;
			int before = children.size();
			children.addAll(c);
			block.writeVarInt(children.size() - before);
		}

		@Override
		public Object allocate(Class<?> type, ByteSource block, int childCount) {
			return this.factory.apply(readSize(block, childCount, 1));
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children,
				ReadContext context) {
			if (allocated instanceof Set) {
				context.hashWork().chargeEach(children, 0, 1);
			}
			addElements((Collection<Object>) allocated, children, 0);
			return allocated;
		}

	}

	/** Mutable maps: keys and values alternate as children. */
	private record MapCodec(IntFunction<Map<Object, Object>> factory) implements CompositeCodec {

		@Override
		public void write(Object value, ByteSink block, List<Object> children, WriteContext context) {
			writeEntries((Map<?, ?>) value, block, children);
		}

		@Override
		public Object allocate(Class<?> type, ByteSource block, int childCount) {
			return this.factory.apply(readSize(block, childCount, 2));
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children,
				ReadContext context) {
			if (!(allocated instanceof IdentityHashMap)) {
				context.hashWork().chargeEach(children, 0, 2);
			}
			putEntries((Map<Object, Object>) allocated, children, 0);
			return allocated;
		}

		@Override
		public String childLabel(int index) {
			return ((index % 2 == 0) ? "key " : "value ") + (index / 2);
		}

	}

	private static void writeEntries(Map<?, ?> map, ByteSink block, List<Object> children) {
		int before = children.size();
		for (Map.Entry<?, ?> e : map.entrySet()) {
			children.add(e.getKey());
			children.add(e.getValue());
		}
		block.writeVarInt((children.size() - before) / 2);
	}

	private static void putEntries(Map<Object, Object> map, Object[] children, int from) {
		for (int i = from; i + 1 < children.length; i += 2) {
			try {
				map.put(children[i], children[i + 1]);
			}
			catch (ClassCastException | NullPointerException ex) {
				throw refusedBy(map, "key " + (i - from) / 2, ex);
			}
		}
	}

	private static void addElements(Collection<Object> collection, Object[] children, int from) {
		for (int i = from; i < children.length; i++) {
			try {
				collection.add(children[i]);
			}
			catch (ClassCastException | NullPointerException ex) {
				throw refusedBy(collection, "element " + (i - from), ex);
			}
		}
	}

	/**
	 * A key that a sorted or concurrent container cannot hold (no natural order, a
	 * comparator of another type, null) is corrupt input, not an engine failure.
	 */
	private static PickleException refusedBy(Object container, String child, RuntimeException ex) {
		return new PickleException("payload is corrupt: " + child + " cannot be put into a "
				+ container.getClass().getName() + " (" + ex + ")", ex);
	}

	/** Sorted maps: the comparator (child 0) is needed to construct them. */
	private record SortedMapCodec(Function<Comparator<Object>, Map<Object, Object>> factory) implements CompositeCodec {

		@Override
		public void write(Object value, ByteSink block, List<Object> children, WriteContext context) {
			children.add(((SortedMap<?, ?>) value).comparator());
			writeEntries((Map<?, ?>) value, block, children);
		}

		@Override
		public Object allocate(Class<?> type, ByteSource block, int childCount) {
			readSize(block, childCount - 1, 2);
			return null;
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children,
				ReadContext context) {
			Map<Object, Object> map = this.factory.apply((Comparator<Object>) children[0]);
			putEntries(map, children, 1);
			return map;
		}

		@Override
		public String childLabel(int index) {
			return (index == 0) ? "comparator" : ((index % 2 == 1) ? "key " : "value ") + ((index - 1) / 2);
		}

	}

	private static final class TreeSetCodec implements CompositeCodec {

		@Override
		public void write(Object value, ByteSink block, List<Object> children, WriteContext context) {
			TreeSet<?> set = (TreeSet<?>) value;
			children.add(set.comparator());
			children.addAll(set);
			block.writeVarInt(set.size());
		}

		@Override
		public Object allocate(Class<?> type, ByteSource block, int childCount) {
			readSize(block, childCount - 1, 1);
			return null;
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children,
				ReadContext context) {
			TreeSet<Object> set = new TreeSet<>((Comparator<Object>) children[0]);
			addElements(set, children, 1);
			return set;
		}

		@Override
		public String childLabel(int index) {
			return (index == 0) ? "comparator" : "element " + (index - 1);
		}

	}

	/**
	 * {@code List.of}, {@code Set.of}, {@code Map.of} and friends: rebuilt through the
	 * same factories.
	 */
	private record ImmutableCodec(int shape) implements CompositeCodec {

		static final int LIST = 0;

		static final int SET = 1;

		static final int MAP = 2;

		@Override
		public void write(Object value, ByteSink block, List<Object> children, WriteContext context) {
			if (this.shape == MAP) {
				writeEntries((Map<?, ?>) value, block, children);
			}
			else {
				Collection<?> c = (Collection<?>) value;
				children.addAll(c);
				block.writeVarInt(c.size());
			}
		}

		@Override
		public Object allocate(Class<?> type, ByteSource block, int childCount) {
			readSize(block, childCount, (this.shape == MAP) ? 2 : 1);
			return null;
		}

		@Override
		public Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children,
				ReadContext context) {
			if (this.shape != LIST) {
				context.hashWork().chargeEach(children, 0, (this.shape == MAP) ? 2 : 1);
			}
			try {
				switch (this.shape) {
					case LIST:
						return Arrays.asList(children).contains(null) ? Arrays.stream(children).toList()
								: List.of(children);
					case SET:
						return Set.of(children);
					default:
						Map.Entry<?, ?>[] entries = new Map.Entry<?, ?>[children.length / 2];
						for (int i = 0; i < entries.length; i++) {
							entries[i] = Map.entry(children[2 * i], children[2 * i + 1]);
						}
						return Map.ofEntries(entries);
				}
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				throw new PickleException("payload is corrupt: cannot rebuild immutable collection: " + ex.getMessage(),
						ex);
			}
		}

	}

	/**
	 * Created empty first, so a closure that reaches itself through an AtomicReference
	 * gets itself back.
	 */
	private static final class AtomicReferenceCodec implements CompositeCodec {

		@Override
		public void write(Object value, ByteSink block, List<Object> children, WriteContext context) {
			children.add(((AtomicReference<?>) value).get());
		}

		@Override
		public Object allocate(Class<?> type, ByteSource block, int childCount) {
			if (childCount != 1) {
				throw new PickleException("payload is corrupt: malformed AtomicReference");
			}
			return new AtomicReference<>();
		}

		@Override
		@SuppressWarnings("unchecked")
		public Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children,
				ReadContext context) {
			if (children[0] != null) {
				((AtomicReference<Object>) allocated).set(children[0]);
			}
			return allocated;
		}

		@Override
		public boolean patchable() {
			return true;
		}

		@Override
		@SuppressWarnings("unchecked")
		public void patch(Object allocated, int index, Object value) {
			((AtomicReference<Object>) allocated).set(value);
		}

		@Override
		public String childLabel(int index) {
			return "value";
		}

	}

	/** {@code Map.entry(k, v)}: immutable, rebuilt from key and value. */
	private static final class EntryCodec implements CompositeCodec {

		@Override
		public void write(Object value, ByteSink block, List<Object> children, WriteContext context) {
			Map.Entry<?, ?> entry = (Map.Entry<?, ?>) value;
			children.add(entry.getKey());
			children.add(entry.getValue());
		}

		@Override
		public Object allocate(Class<?> type, ByteSource block, int childCount) {
			if (childCount != 2) {
				throw new PickleException("payload is corrupt: malformed map entry");
			}
			return null;
		}

		@Override
		public Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children,
				ReadContext context) {
			try {
				return Map.entry(children[0], children[1]);
			}
			catch (NullPointerException ex) {
				throw new PickleException("payload is corrupt: null in a Map.entry", ex);
			}
		}

		@Override
		public String childLabel(int index) {
			return (index == 0) ? "key" : "value";
		}

	}

	private static final class OptionalCodec implements CompositeCodec {

		@Override
		public void write(Object value, ByteSink block, List<Object> children, WriteContext context) {
			Optional<?> o = (Optional<?>) value;
			o.ifPresent(children::add);
			block.writeBoolean(o.isPresent());
		}

		@Override
		public Object allocate(Class<?> type, ByteSource block, int childCount) {
			if (block.readBoolean() != (childCount == 1) || childCount > 1) {
				throw new PickleException("payload is corrupt: malformed Optional");
			}
			return null;
		}

		@Override
		public Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children,
				ReadContext context) {
			return (children.length == 0) ? Optional.empty() : Optional.of(children[0]);
		}

		@Override
		public String childLabel(int index) {
			return "value";
		}

	}

	/** Values with no child objects. */
	private static final class PlainCodec implements CompositeCodec {

		private final BiConsumer<Object, ByteSink> writer;

		private final Function<ByteSource, Object> reader;

		/**
		 * Whether the values are immutable, so nobody can observe whether one is shared.
		 */
		private final boolean immutable;

		PlainCodec(BiConsumer<Object, ByteSink> writer, Function<ByteSource, Object> reader) {
			this(writer, reader, false);
		}

		private PlainCodec(BiConsumer<Object, ByteSink> writer, Function<ByteSource, Object> reader,
				boolean immutable) {
			this.writer = writer;
			this.reader = reader;
			this.immutable = immutable;
		}

		/** A codec of immutable values, written without an id (the VALUE record). */
		static PlainCodec value(BiConsumer<Object, ByteSink> writer, Function<ByteSource, Object> reader) {
			return new PlainCodec(writer, reader, true);
		}

		@Override
		public boolean isImmutableValue() {
			return this.immutable;
		}

		@Override
		public void write(Object value, ByteSink block, List<Object> children, WriteContext context) {
			this.writer.accept(value, block);
		}

		@Override
		public Object allocate(Class<?> type, ByteSource block, int childCount) {
			if (childCount != 0) {
				throw new PickleException("payload is corrupt: " + type.getName() + " has no children");
			}
			return null;
		}

		@Override
		public Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children,
				ReadContext context) {
			return this.reader.apply(block);
		}

	}

}
