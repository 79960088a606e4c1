package io.cloudpickle.hazelcast.closures;

import java.util.Map;

import io.cloudpickle.hazelcast.Closures;
import io.cloudpickle.hazelcast.MemberTask;

/** Closures the tests send to members; this package travels by value. */
public final class Tasks {

	private Tasks() {
	}

	public static MemberTask<Boolean> ownsKey(String map, Object key) {
		return (context) -> context.hazelcast().getMap(map).localKeySet().contains(key);
	}

	public static MemberTask<Integer> localCount(String map) {
		return (context) -> context.<Object, Object>localEntries(map).size();
	}

	public static MemberTask<Object> fails(String message) {
		return (context) -> {
			throw new IllegalStateException(message);
		};
	}

	public static Closures.Filter<Integer> atLeast(int min) {
		return (value) -> value >= min;
	}

	public static Closures.Fn<Integer, Boolean> isEven() {
		return (value) -> value % 2 == 0;
	}

	public static Closures.Fn<Integer, Long> one() {
		return (value) -> 1L;
	}

	public static <K> Closures.EntryUpdate<K, Integer, Integer> addHundred() {
		return (Map.Entry<K, Integer> entry) -> {
			entry.setValue(entry.getValue() + 100);
			return entry.getValue();
		};
	}

}
