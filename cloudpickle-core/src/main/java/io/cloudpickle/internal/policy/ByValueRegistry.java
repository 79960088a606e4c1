package io.cloudpickle.internal.policy;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The process-global set of packages pickled by value. Thread-safe; readers see an
 * immutable snapshot, and every change bumps a version so per-class caches know when to
 * recompute.
 */
public final class ByValueRegistry {

	private static final ByValueRegistry GLOBAL = new ByValueRegistry();

	private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(Set.of(), 0));

	/** An immutable view of the registry at one version. */
	public record Snapshot(Set<String> packages, long version) {
	}

	public static ByValueRegistry global() {
		return GLOBAL;
	}

	public Snapshot snapshot() {
		return this.snapshot.get();
	}

	public void register(String packageName) {
		String name = PackageNames.requireValid(packageName);
		this.snapshot.updateAndGet((s) -> {
			if (s.packages().contains(name)) {
				return s;
			}
			Set<String> next = new TreeSet<>(s.packages());
			next.add(name);
			return new Snapshot(Set.copyOf(next), s.version() + 1);
		});
	}

	/**
	 * Removes a registered package; throws {@link IllegalArgumentException} if it was not
	 * registered.
	 */
	public void unregister(String packageName) {
		Snapshot before;
		Snapshot after;
		do {
			before = this.snapshot.get();
			if (!before.packages().contains(packageName)) {
				throw new IllegalArgumentException("package '" + packageName
						+ "' is not registered for pickling by value; registered: " + new TreeSet<>(before.packages()));
			}
			Set<String> next = new TreeSet<>(before.packages());
			next.remove(packageName);
			after = new Snapshot(Set.copyOf(next), before.version() + 1);
		}
		while (!this.snapshot.compareAndSet(before, after));
	}

}
