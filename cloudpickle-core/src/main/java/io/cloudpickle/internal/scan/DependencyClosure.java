package io.cloudpickle.internal.scan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cloudpickle.internal.policy.ByValuePolicy;

/**
 * Computes everything a by-value class needs that is itself by value, transitively: the
 * classes that must travel with it. Cached per class and policy version.
 */
public final class DependencyClosure {

	private DependencyClosure() {
	}

	/** The by-value classes {@code root} needs, {@code root} included. */
	public static List<ShippableClass> of(Class<?> root, ByValuePolicy policy) {
		ShippableClass start = ShippableClass.of(root);
		Object key = policy.key();
		ShippableClass.CachedClosure cached = start.cachedClosure();
		if (cached != null && cached.policyKey().equals(key)) {
			return cached.classes();
		}
		List<ShippableClass> classes = compute(start, policy);
		start.cacheClosure(new ShippableClass.CachedClosure(key, classes));
		return classes;
	}

	private static List<ShippableClass> compute(ShippableClass start, ByValuePolicy policy) {
		Map<String, ShippableClass> found = new LinkedHashMap<>();
		Deque<ShippableClass> work = new ArrayDeque<>();
		found.put(start.name(), start);
		work.add(start);
		while (!work.isEmpty()) {
			ShippableClass current = work.poll();
			ClassLoader loader = current.type().getClassLoader();
			for (String name : current.references()) {
				if (found.containsKey(name)) {
					continue;
				}
				Class<?> dependency = resolve(name, loader);
				if (dependency != null && policy.isByValue(dependency)) {
					ShippableClass shippable = ShippableClass.of(dependency);
					found.put(name, shippable);
					work.add(shippable);
				}
			}
		}
		return List.copyOf(new ArrayList<>(found.values()));
	}

	private static Class<?> resolve(String name, ClassLoader loader) {
		try {
			return Class.forName(name, false, loader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			// Referenced but absent on the sender too (an optional dependency): nothing
			// to ship.
			return null;
		}
	}

}
