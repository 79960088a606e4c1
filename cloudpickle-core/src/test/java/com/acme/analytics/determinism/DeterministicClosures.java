package com.acme.analytics.determinism;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * A closure whose content does not depend on identity hash codes, so two JVMs must pickle
 * it to the same bytes.
 */
public final class DeterministicClosures {

	private DeterministicClosures() {
	}

	public enum Level {

		LOW, HIGH {
			@Override
			public String label() {
				return "high!";
			}
		};

		public String label() {
			return name().toLowerCase();
		}

	}

	public record Weight(String name, BigDecimal value) {
	}

	public static final class Node {

		final String name;

		final List<Node> next = new ArrayList<>();

		Node(String name) {
			this.name = name;
		}

	}

	public static Callable<String> closure() {
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 50; i++) {
			counts.put("key-" + i, i);
		}
		TreeMap<String, Weight> weights = new TreeMap<>();
		weights.put("b", new Weight("b", new BigDecimal("2.50")));
		weights.put("a", new Weight("a", new BigDecimal("1.25")));
		Map<String, Level> levels = new LinkedHashMap<>();
		levels.put("z", Level.HIGH);
		levels.put("y", Level.LOW);
		Node root = new Node("root");
		Node leaf = new Node("leaf");
		root.next.add(leaf);
		root.next.add(leaf);
		leaf.next.add(root); // cycle
		int k = 5;
		Function<Integer, Integer> add = (Function<Integer, Integer> & Serializable) x -> x + k;
		Runnable anonymous = new Runnable() {
			@Override
			public void run() {
			}
		};
		EnumSet<Level> set = EnumSet.of(Level.HIGH);
		return (Callable<String> & Serializable) () -> {
			anonymous.run();
			int total = 0;
			for (int v : counts.values()) {
				total += v;
			}
			return add.apply(total) + "|" + weights + "|" + levels.get("z").label() + "|" + set + "|"
					+ root.next.get(0).next.get(0).name + "|" + (root.next.get(0) == root.next.get(1));
		};
	}

}
