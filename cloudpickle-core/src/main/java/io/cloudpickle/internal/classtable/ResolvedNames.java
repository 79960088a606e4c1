package io.cloudpickle.internal.classtable;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

import io.cloudpickle.ClassFilter;
import io.cloudpickle.ClassRefusedException;

/**
 * What one pickler remembers between payloads about the classes they name by reference,
 * because every payload names them again: the name a class entry's bytes spell (so a
 * known name is neither decoded nor checked again), the class it resolved to through the
 * pickler's loader ({@code Class.forName} costs about a microsecond), and whether the
 * pickler's class filter accepted it. Bounded, and reset when the loader changes so it
 * never pins a loader the pickler no longer uses.
 *
 * <p>
 * The class filter is asked about every class of every payload, except that the answers
 * of {@link ClassFilter#DENY_KNOWN_GADGETS}, which depend on the name alone, are
 * remembered.
 */
public final class ResolvedNames {

	/** Slots of the name cache (a power of two): one name each, the latest wins. */
	private static final int SLOTS = 1_024;

	private static final int MAX_BY_NAME = 4_096;

	private volatile Table table = new Table(null);

	/** For each well-known id, the name-only filter that accepted it. */
	private final ClassFilter[] wellKnownAccepted = new ClassFilter[256];

	/** The names and classes of one loader. */
	static final class Table {

		final ClassLoader loader;

		private volatile Name[] slots;

		/** Names met outside the class table (nested JDK streams). */
		final ConcurrentHashMap<String, Class<?>> byName = new ConcurrentHashMap<>();

		Table(ClassLoader loader) {
			this.loader = loader;
		}

		/** The cached name spelled by these bytes, or null. */
		Name find(int hash, byte[] buf, int packageOffset, int packageLength, int simpleOffset, int simpleLength) {
			Name[] names = this.slots;
			if (names == null) {
				return null;
			}
			Name name = names[hash & (SLOTS - 1)];
			return (name != null && name.hash == hash
					&& name.spells(buf, packageOffset, packageLength, simpleOffset, simpleLength)) ? name : null;
		}

		void remember(Name name) {
			Name[] names = this.slots;
			if (names == null) {
				names = new Name[SLOTS];
				this.slots = names;
			}
			names[name.hash & (SLOTS - 1)] = name;
		}

	}

	/**
	 * A class name read from a class entry, checked once; immutable but for its caches.
	 */
	static final class Name {

		/** The name's UTF-8 bytes: package, dot, simple name (no dot if no package). */
		private final byte[] utf8;

		private final int packageLength;

		final int hash;

		final String name;

		/** The class it resolved to through its table's loader. */
		volatile Class<?> type;

		/** The name-only filter that accepted it. */
		volatile ClassFilter acceptedBy;

		Name(byte[] utf8, int packageLength, int hash, String name) {
			this.utf8 = utf8;
			this.packageLength = packageLength;
			this.hash = hash;
			this.name = name;
		}

		boolean spells(byte[] buf, int packageOffset, int packageLength, int simpleOffset, int simpleLength) {
			int separator = (packageLength > 0) ? 1 : 0;
			if (packageLength != this.packageLength || this.utf8.length != packageLength + separator + simpleLength) {
				return false;
			}
			return Arrays.equals(this.utf8, 0, packageLength, buf, packageOffset, packageOffset + packageLength)
					&& Arrays.equals(this.utf8, packageLength + separator, this.utf8.length, buf, simpleOffset,
							simpleOffset + simpleLength);
		}

	}

	/** The cache of {@code loader}, replacing the one of another loader. */
	Table table(ClassLoader loader) {
		Table current = this.table;
		if (current.loader != loader) {
			current = new Table(loader);
			this.table = current;
		}
		return current;
	}

	Class<?> get(ClassLoader loader, String name) {
		Table current = this.table;
		return (current.loader == loader) ? current.byName.get(name) : null;
	}

	void put(ClassLoader loader, String name, Class<?> type) {
		Table current = table(loader);
		if (current.byName.size() >= MAX_BY_NAME) {
			current.byName.clear();
		}
		current.byName.put(name, type);
	}

	/**
	 * Asks {@code filter} whether a class named by reference may be loaded, unless the
	 * same name-only filter already accepted it.
	 * @throws ClassRefusedException if it may not
	 */
	static void requireAllowed(ClassFilter filter, Name name) {
		if (name.acceptedBy == filter) {
			return;
		}
		requireAllowed(filter, name.name);
		if (isPure(filter)) {
			name.acceptedBy = filter;
		}
	}

	/** As {@link #requireAllowed(ClassFilter, Name)} for a well-known class. */
	void requireAllowedWellKnown(ClassFilter filter, int id) {
		if (this.wellKnownAccepted[id] == filter) {
			return;
		}
		requireAllowed(filter, WellKnownClasses.nameOf(id));
		if (isPure(filter)) {
			this.wellKnownAccepted[id] = filter;
		}
	}

	static void requireAllowed(ClassFilter filter, String name) {
		if (!filter.allowByReference(name)) {
			throw new ClassRefusedException(name, "class " + name + " is not allowed by the class filter");
		}
	}

	/** Whether a filter's answer depends on the class name alone. */
	private static boolean isPure(ClassFilter filter) {
		return filter == ClassFilter.ALLOW_ALL || filter == ClassFilter.DENY_KNOWN_GADGETS;
	}

}
