package com.example.demo;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Analysis code that exists only on the client: it travels to the receiver by value. */
public final class WordStats {

	/** A result type the receiver has never seen. */
	public record Count(String word, long n) implements Comparable<Count> {
		@Override
		public int compareTo(Count other) {
			return Comparator.comparingLong(Count::n).reversed().thenComparing(Count::word).compare(this, other);
		}
	}

	public enum Normalizer {
		LOWER { @Override String apply(String s) { return s.toLowerCase(); } },
		UPPER { @Override String apply(String s) { return s.toUpperCase(); } };

		abstract String apply(String s);
	}

	private WordStats() {
	}

	/** A closure capturing a local, an enum constant with a body, and a helper method of this class. */
	public static Function<List<String>, List<Count>> topWords(int k, Normalizer normalizer) {
		return (Function<List<String>, List<Count>> & Serializable) (lines) -> {
			Map<String, Long> counts = lines.stream()
				.flatMap((line) -> tokens(line).stream())
				.map(normalizer::apply)
				.collect(Collectors.groupingBy((w) -> w, TreeMap::new, Collectors.counting()));
			return counts.entrySet().stream().map((e) -> new Count(e.getKey(), e.getValue())).sorted().limit(k).toList();
		};
	}

	static List<String> tokens(String line) {
		return List.of(line.split("[^\\p{L}']+")).stream().filter((t) -> !t.isBlank()).toList();
	}

}
