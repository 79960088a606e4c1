package io.cloudpickle.internal.codec;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;

/**
 * Meters the {@code hashCode} work of rebuilding hash collections while one payload
 * loads, against {@link io.cloudpickle.PickleLimits#maxHashWork()}.
 *
 * <p>
 * Why: the JDK's collections hash their contents recursively and cache nothing, so nested
 * sets or lists that share their children (a DAG) hash in time exponential in their
 * nesting, though the payload is a few hundred bytes (the "SerialDOS" shape). Before a
 * key goes into a hash table, its hashing is simulated on the already-built key, counting
 * one step per object {@code hashCode} would visit, and stopped as soon as the payload's
 * budget is spent; a step costs about what the real hash costs, so a payload's total
 * hashing work stays within a small multiple of the budget.
 *
 * <p>
 * The simulation follows the JDK's own content hashes (lists, sets, maps and map entries
 * whose {@code hashCode} a JDK class declares, {@link Optional}) and record components;
 * every other object counts one step, since its own {@code hashCode} is its author's to
 * bound. An edge back onto the path being hashed (a cycle, on which a real
 * {@code hashCode} would overflow the stack) is not followed.
 */
final class HashWork {

	private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
		@Override
		protected Shape computeValue(Class<?> type) {
			return Shape.of(type);
		}
	};

	private final long limit;

	private long used;

	HashWork(long limit) {
		this.limit = limit;
	}

	/**
	 * Charges hashing {@code key} once.
	 * @return the steps charged
	 * @throws PickleException if the payload's budget is spent
	 */
	long charge(Object key) {
		long steps = steps(key, this.limit - this.used);
		this.used += steps;
		if (this.used > this.limit) {
			throw overLimit((key == null) ? "null" : "a key of type " + key.getClass().getName());
		}
		return steps;
	}

	/** Charges {@code steps} more, already known, for what {@code where} describes. */
	void charge(long steps, String where) {
		this.used += steps;
		if (this.used > this.limit) {
			throw overLimit(where);
		}
	}

	private PickleLimitException overLimit(String where) {
		return new PickleLimitException(PickleLimit.MAX_HASH_WORK,
				"rebuilding the payload's hash collections would take more than" + " the limit maxHashWork="
						+ this.limit + " hashCode steps (at " + where
						+ "); nested collections that share elements hash in exponential time");
	}

	/** Charges hashing each of {@code keys[from]}, {@code keys[from + stride]}, ... */
	void chargeEach(Object[] keys, int from, int stride) {
		for (int i = from; i < keys.length; i += stride) {
			charge(keys[i]);
		}
	}

	/**
	 * The steps {@code hashCode} takes on {@code root}, or any number past {@code cap}
	 * once it is clear the count exceeds it. Counts the unfolded tree without unfolding
	 * it: each object's count is remembered, so the work is linear in the objects and
	 * references reachable through content hashes, however large the count.
	 */
	static long steps(Object root, long cap) {
		if (root == null) {
			return 1;
		}
		Class<?> type = root.getClass();
		// The usual keys, before the class-value lookup: this runs once per key of every
		// map and set loaded.
		if (type == String.class || type == Integer.class || type == Long.class || SHAPES.get(type) == Shape.LEAF) {
			return 1;
		}
		IdentityHashMap<Object, Long> counted = new IdentityHashMap<>();
		ArrayDeque<Frame> stack = new ArrayDeque<>();
		counted.put(root, ON_PATH);
		stack.push(new Frame(root, SHAPES.get(root.getClass()).children(root)));
		while (true) {
			Frame top = stack.peek();
			if (top.children.hasNext()) {
				Object child = top.children.next();
				Shape shape = (child != null) ? SHAPES.get(child.getClass()) : Shape.LEAF;
				if (shape == Shape.LEAF) {
					top.steps++;
				}
				else {
					Long known = counted.get(child);
					if (known == null) {
						counted.put(child, ON_PATH);
						stack.push(new Frame(child, shape.children(child)));
						continue;
					}
					// A child on the path being hashed closes a cycle, on which a real
					// hashCode overflows the stack;
					// it is not followed.
					top.steps += (known == ON_PATH) ? 1 : known;
				}
			}
			else {
				stack.pop();
				long total = top.steps + 1;
				counted.put(top.value, total);
				Frame parent = stack.peek();
				if (parent == null) {
					return total;
				}
				parent.steps += total;
				top = parent;
			}
			if (top.steps > cap) {
				return top.steps;
			}
		}
	}

	/** Marks an object whose count is being computed. */
	private static final Long ON_PATH = Long.valueOf(-1);

	/**
	 * An object being counted: its remaining children and the steps of those counted so
	 * far.
	 */
	private static final class Frame {

		final Object value;

		final Iterator<?> children;

		long steps;

		Frame(Object value, Iterator<?> children) {
			this.value = value;
			this.children = children;
		}

	}

	/** How a class's {@code hashCode} reaches other objects. */
	private enum Shape {

		LEAF, ELEMENTS, MAP, ENTRY, OPTIONAL, RECORD;

		Iterator<?> children(Object value) {
			switch (this) {
				case ELEMENTS:
					return ((Collection<?>) value).iterator();
				case MAP: {
					List<Object> parts = new ArrayList<>();
					for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
						parts.add(e.getKey());
						parts.add(e.getValue());
					}
					return parts.iterator();
				}
				case ENTRY: {
					Map.Entry<?, ?> e = (Map.Entry<?, ?>) value;
					return Arrays.asList(e.getKey(), e.getValue()).iterator();
				}
				case OPTIONAL:
					return ((Optional<?>) value).stream().iterator();
				default:
					return RecordShapes.FIELDS.get(value.getClass()).values(value).iterator();
			}
		}

		static Shape of(Class<?> type) {
			if (type.isRecord()) {
				return RecordShapes.FIELDS.get(type).fields.length > 0 ? RECORD : LEAF;
			}
			if (type == Optional.class) {
				return OPTIONAL;
			}
			if (type == IdentityHashMap.class || !hashCodeDeclaredByJdk(type)) {
				return LEAF;
			}
			if (Map.class.isAssignableFrom(type)) {
				return MAP;
			}
			if (Map.Entry.class.isAssignableFrom(type)) {
				return ENTRY;
			}
			if (List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type)) {
				return ELEMENTS;
			}
			return LEAF;
		}

		private static boolean hashCodeDeclaredByJdk(Class<?> type) {
			try {
				Method hashCode = type.getMethod("hashCode");
				Class<?> declarer = hashCode.getDeclaringClass();
				return declarer != Object.class && JdkStreams.isJdkOwn(declarer);
			}
			catch (NoSuchMethodException ex) {
				return false;
			}
		}

	}

	/**
	 * The reference-typed component fields of a record, readable without running its
	 * code.
	 */
	private static final class RecordShapes {

		static final ClassValue<RecordShapes> FIELDS = new ClassValue<>() {
			@Override
			protected RecordShapes computeValue(Class<?> type) {
				return new RecordShapes(type);
			}
		};

		final Field[] fields;

		RecordShapes(Class<?> type) {
			this.fields = readableFields(type);
		}

		private static Field[] readableFields(Class<?> type) {
			List<Field> readable = new ArrayList<>();
			for (Field f : type.getDeclaredFields()) {
				if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
					try {
						f.setAccessible(true);
					}
					catch (RuntimeException ex) {
						// a record of a module closed to us: counted as one step
						return new Field[0];
					}
					readable.add(f);
				}
			}
			return readable.toArray(new Field[0]);
		}

		List<Object> values(Object record) {
			List<Object> values = new ArrayList<>(this.fields.length);
			for (Field f : this.fields) {
				try {
					values.add(f.get(record));
				}
				catch (IllegalAccessException ex) {
					values.add(null);
				}
			}
			return values;
		}

	}

}
