package io.cloudpickle.testing;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Object graphs whose {@code hashCode} takes time exponential in their nesting
 * ("SerialDOS"): at each level two collections share the same two children, so hashing
 * the root visits 2^depth objects, while the graph has only 2 × depth of them. Built
 * leaves last, so building them hashes nothing big.
 */
public final class HashBombs {

	private HashBombs() {
	}

	/** Nested {@link HashSet}s: rebuilt by cloudpickle's own set codec. */
	public static Set<Object> sharedNestedSets(int depth) {
		Set<Object> root = new HashSet<>();
		Set<Object> a = root;
		Set<Object> b = new HashSet<>();
		for (int i = 0; i < depth; i++) {
			Set<Object> c = new HashSet<>();
			Set<Object> d = new HashSet<>();
			// so that c and d are not equal and both stay in their parents
			c.add("distinct");
			a.add(c);
			a.add(d);
			b.add(c);
			b.add(d);
			a = c;
			b = d;
		}
		return root;
	}

	/**
	 * Nested {@link LinkedHashMap}s (keys are the children): Java serialization rebuilds
	 * them, inside one stream.
	 */
	public static Map<Object, Object> sharedNestedMaps(int depth) {
		Map<Object, Object> root = new LinkedHashMap<>();
		Map<Object, Object> a = root;
		Map<Object, Object> b = new LinkedHashMap<>();
		for (int i = 0; i < depth; i++) {
			Map<Object, Object> c = new LinkedHashMap<>();
			Map<Object, Object> d = new LinkedHashMap<>();
			c.put("distinct", "");
			a.put(c, 1);
			a.put(d, 2);
			b.put(c, 1);
			b.put(d, 2);
			a = c;
			b = d;
		}
		return root;
	}

	/**
	 * Two nested records (whose {@code hashCode} combines their components) in a
	 * {@link HashSet}. Building it hashes them once, 2^(depth+1) steps: keep
	 * {@code depth} modest.
	 */
	public static Set<Object> sharedNestedPairs(int depth) {
		Object a = "left";
		Object b = "right";
		for (int i = 0; i < depth; i++) {
			Object c = new Pair(a, b);
			Object d = new Pair(b, a);
			a = c;
			b = d;
		}
		Set<Object> set = new HashSet<>();
		set.add(a);
		set.add(b);
		return set;
	}

	/** A record with two components. */
	public record Pair(Object left, Object right) {
	}

}
