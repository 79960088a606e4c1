package io.cloudpickle.internal.classtable;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers which class a by-reference name resolved to through one loader, because
 * {@code Class.forName} costs about a microsecond and a payload names several classes.
 * One cache per pickler, for the loader it last used; bounded, and reset when the loader
 * changes so it never pins a loader the pickler no longer uses.
 */
public final class ResolvedNames {

	private static final int MAX_ENTRIES = 4_096;

	private volatile Entries entries = new Entries(null);

	private static final class Entries {

		final ClassLoader loader;

		final ConcurrentHashMap<String, Class<?>> classes = new ConcurrentHashMap<>();

		Entries(ClassLoader loader) {
			this.loader = loader;
		}

	}

	Class<?> get(ClassLoader loader, String name) {
		Entries current = this.entries;
		return (current.loader == loader) ? current.classes.get(name) : null;
	}

	void put(ClassLoader loader, String name, Class<?> type) {
		Entries current = this.entries;
		if (current.loader != loader || current.classes.size() >= MAX_ENTRIES) {
			current = new Entries(loader);
			this.entries = current;
		}
		current.classes.put(name, type);
	}

}
