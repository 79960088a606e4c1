package io.cloudpickle.internal.classtable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Classes of the JDK that payloads name so often that the class table names them with a
 * single byte (docs/FORMAT.md §4.3). The list is part of the wire format: entries are
 * only ever appended, never removed or reordered. A class that does not exist on this JVM
 * (the JDK's private collection classes may change) keeps its id: a sender never writes
 * it and a receiver refuses it by name.
 */
final class WellKnownClasses {

	/** The id of the first entry; bytes below it are the other kinds of class entry. */
	static final int FIRST_ID = 0x10;

	private static final List<String> NAMES = List.of(
			// 0x10: the primitive classes
			"boolean", "byte", "char", "short", "int", "long", "float", "double", "void",
			// 0x19: java.lang
			"java.lang.Object", "java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Character",
			"java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
			"java.lang.Number", "java.lang.Enum", "java.lang.Class", "java.lang.CharSequence", "java.lang.Comparable",
			"java.lang.Iterable", "java.lang.Runnable", "java.lang.Record",
			// 0x2B: java.util interfaces
			"java.util.Collection", "java.util.List", "java.util.Set", "java.util.Map", "java.util.Map$Entry",
			"java.util.Queue", "java.util.Deque", "java.util.SortedMap", "java.util.SortedSet", "java.util.Comparator",
			// 0x35: java.util collections and maps
			"java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap",
			"java.util.TreeMap", "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet",
			"java.util.ArrayDeque", "java.util.PriorityQueue", "java.util.IdentityHashMap", "java.util.WeakHashMap",
			"java.util.EnumMap", "java.util.RegularEnumSet", "java.util.JumboEnumSet", "java.util.Vector",
			"java.util.Hashtable", "java.util.Arrays$ArrayList", "java.util.Collections$EmptyList",
			"java.util.Collections$EmptySet", "java.util.Collections$EmptyMap", "java.util.Collections$SingletonList",
			"java.util.Collections$SingletonSet", "java.util.Collections$SingletonMap",
			"java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableSet",
			"java.util.Collections$UnmodifiableMap", "java.util.Collections$SynchronizedRandomAccessList",
			// 0x51: immutable collections (List.of, Set.of, Map.of, Map.entry, toList)
			"java.util.ImmutableCollections$List12", "java.util.ImmutableCollections$ListN",
			"java.util.ImmutableCollections$SubList", "java.util.ImmutableCollections$Set12",
			"java.util.ImmutableCollections$SetN", "java.util.ImmutableCollections$Map1",
			"java.util.ImmutableCollections$MapN", "java.util.KeyValueHolder",
			// 0x59: java.util.concurrent
			"java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentSkipListMap",
			"java.util.concurrent.ConcurrentSkipListSet", "java.util.concurrent.CopyOnWriteArrayList",
			"java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.atomic.AtomicInteger",
			"java.util.concurrent.atomic.AtomicLong", "java.util.concurrent.atomic.AtomicBoolean",
			"java.util.concurrent.atomic.AtomicReference", "java.util.concurrent.Callable",
			// 0x63: other values of java.util, java.math, java.net
			"java.util.Optional", "java.util.OptionalInt", "java.util.OptionalLong", "java.util.OptionalDouble",
			"java.util.UUID", "java.util.BitSet", "java.util.Date", "java.util.Locale", "java.util.Currency",
			"java.math.BigInteger", "java.math.BigDecimal", "java.net.URI",
			// 0x6F: java.time
			"java.time.Instant", "java.time.Duration", "java.time.LocalDate", "java.time.LocalTime",
			"java.time.LocalDateTime", "java.time.ZonedDateTime", "java.time.OffsetDateTime", "java.time.OffsetTime",
			"java.time.Period", "java.time.Year", "java.time.YearMonth", "java.time.MonthDay", "java.time.ZoneOffset",
			"java.time.ZoneRegion", "java.time.ZoneId", "java.time.DayOfWeek", "java.time.Month",
			"java.time.temporal.ChronoUnit",
			// 0x81: java.util.function
			"java.util.function.Function", "java.util.function.BiFunction", "java.util.function.Supplier",
			"java.util.function.Consumer", "java.util.function.BiConsumer", "java.util.function.Predicate",
			"java.util.function.BiPredicate", "java.util.function.UnaryOperator", "java.util.function.BinaryOperator",
			"java.util.function.IntFunction", "java.util.function.IntUnaryOperator",
			"java.util.function.IntBinaryOperator", "java.util.function.IntPredicate", "java.util.function.IntSupplier",
			"java.util.function.IntConsumer", "java.util.function.ToIntFunction", "java.util.function.LongFunction",
			"java.util.function.LongUnaryOperator", "java.util.function.LongBinaryOperator",
			"java.util.function.ToLongFunction", "java.util.function.DoubleFunction",
			"java.util.function.DoubleUnaryOperator", "java.util.function.DoubleBinaryOperator",
			"java.util.function.ToDoubleFunction");

	private static final String[] NAME_BY_ID = NAMES.toArray(String[]::new);

	private static final Class<?>[] CLASS_BY_ID = new Class<?>[NAME_BY_ID.length];

	private static final Map<String, Integer> ID_BY_NAME = new HashMap<>();

	static {
		Map<String, Class<?>> primitives = Map.of("boolean", boolean.class, "byte", byte.class, "char", char.class,
				"short", short.class, "int", int.class, "long", long.class, "float", float.class, "double",
				double.class, "void", void.class);
		for (int i = 0; i < NAME_BY_ID.length; i++) {
			String name = NAME_BY_ID[i];
			if (ID_BY_NAME.put(name, FIRST_ID + i) != null) {
				throw new ExceptionInInitializerError("well-known class listed twice: " + name);
			}
			Class<?> type = primitives.get(name);
			if (type == null) {
				try {
					type = Class.forName(name, false, null);
				}
				catch (ClassNotFoundException ex) {
					// not in this JDK: never written, refused when read
				}
			}
			CLASS_BY_ID[i] = type;
		}
		if (FIRST_ID + NAME_BY_ID.length > 0x100) {
			throw new ExceptionInInitializerError("well-known ids must fit one byte");
		}
	}

	private WellKnownClasses() {
	}

	/** The id of {@code type}, or -1 if it is not a well-known class. */
	static int idOf(Class<?> type) {
		Integer id = ID_BY_NAME.get(type.getName());
		if (id == null || CLASS_BY_ID[id - FIRST_ID] != type) {
			// same name from another loader: not the JDK's class
			return -1;
		}
		return id;
	}

	/** Whether {@code id} is one of the list's ids. */
	static boolean isId(int id) {
		return id >= FIRST_ID && id < FIRST_ID + NAME_BY_ID.length;
	}

	/** The binary name of a well-known id ({@link #isId} must hold). */
	static String nameOf(int id) {
		return NAME_BY_ID[id - FIRST_ID];
	}

	/** The class of a well-known id on this JVM, null if this JDK lacks it. */
	static Class<?> classOf(int id) {
		return CLASS_BY_ID[id - FIRST_ID];
	}

	/** Whether a well-known id is a primitive class. */
	static boolean isPrimitive(int id) {
		return id < FIRST_ID + 9;
	}

	/** How many ids the list holds. */
	static int size() {
		return NAME_BY_ID.length;
	}

}
