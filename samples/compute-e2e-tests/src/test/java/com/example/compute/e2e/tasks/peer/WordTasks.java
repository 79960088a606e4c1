package com.example.compute.e2e.tasks.peer;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.example.compute.api.SerCallable;

/**
 * Tasks of three classes of their own, none shared with {@link SumTasks}: sending them
 * fills a small class store so that it evicts what it held before.
 */
public final class WordTasks {

	private WordTasks() {
	}

	/** How often each word's length occurs. */
	public static SerCallable<Map<Integer, Integer>> lengths(List<String> words) {
		return () -> new Histogram(words).byLength(new Key());
	}

	record Histogram(List<String> words) implements java.io.Serializable {

		Map<Integer, Integer> byLength(Key key) {
			Map<Integer, Integer> counts = new TreeMap<>();
			for (String word : this.words) {
				counts.merge(key.of(word), 1, Integer::sum);
			}
			return counts;
		}

	}

	static final class Key implements java.io.Serializable {

		int of(String word) {
			return word.length();
		}

	}

}
