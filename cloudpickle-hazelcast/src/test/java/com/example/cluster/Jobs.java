package com.example.cluster;

import java.util.Map;

import io.cloudpickle.hazelcast.Closures;
import io.cloudpickle.hazelcast.MemberTask;

/** The closures the cross-JVM tests send; no member has this package. */
public final class Jobs {

	private Jobs() {
	}

	public static MemberTask<Where> where(String map, Object key) {
		return (context) -> new Where(context.hazelcast().getCluster().getLocalMember().getUuid().toString(),
				context.hazelcast().getMap(map).localKeySet().contains(key), context.localEntries(map).size());
	}

	public static MemberTask<Integer> localCount(String map) {
		return (context) -> context.localEntries(map).size();
	}

	public static MemberTask<Integer> outOfStock(int item) {
		return (context) -> {
			throw new OutOfStock(item);
		};
	}

	public static MemberTask<Integer> slowLocalCount(String map, long millis) {
		return (context) -> {
			Thread.sleep(millis);
			return context.localEntries(map).size();
		};
	}

	public static Closures.Filter<Integer> odd() {
		return (value) -> value % 2 == 1;
	}

	public static Closures.Fn<Integer, String> bucket() {
		return (value) -> "b" + (value % 3);
	}

	public static Closures.Fn<Integer, Long> asLong() {
		return (value) -> (long) value;
	}

	public static Closures.Filter<Integer> slowlyAll(long millisPerValue) {
		return (value) -> {
			try {
				Thread.sleep(millisPerValue);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return true;
		};
	}

	public static Closures.Merge<Long> sum() {
		return Long::sum;
	}

	public static Closures.Zero<Long> zero() {
		return () -> 0L;
	}

	public static Closures.Add<Long, Integer> plus() {
		return (sum, value) -> sum + value;
	}

	public static <K> Closures.EntryUpdate<K, Integer, Integer> doubled() {
		return (Map.Entry<K, Integer> entry) -> {
			entry.setValue(entry.getValue() * 2);
			return entry.getValue();
		};
	}

}
