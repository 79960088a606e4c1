package com.example.compute.e2e.tasks;

import com.example.compute.api.GroupByRequest;
import com.example.compute.api.MapRequest;
import com.example.compute.api.ReduceRequest;
import com.example.compute.api.Sale;
import com.example.compute.api.SerCallable;

/**
 * The valid tasks of {@code ComputeServerLoadAndFaultTest}: closures the compute server
 * does not have, shipped by value (the test starts the server with this package among
 * {@code cloudpickle.security.allowed-by-value-packages}). Each captures its parameters,
 * so payloads differ from request to request. This class is deliberately small and refers
 * only to compute-api and the JDK: it is what travels, and it must pass the server's
 * bytecode check. The test also ships variants of it (the same name, different bytes), so
 * that the server creates and evicts bundle loaders under load.
 */
public final class LoadTasks {

	private LoadTasks() {
	}

	/** Units sold in lines of at least {@code minQuantity} units. */
	public static ReduceRequest<Long> unitsFrom(int minQuantity) {
		return new ReduceRequest<>((s) -> s.quantity() >= minQuantity, (s) -> (long) s.quantity(), 0L, Long::sum);
	}

	/** Revenue of a channel in a year: a double summed in dataset order. */
	public static ReduceRequest<Double> revenue(String channel, int year) {
		return new ReduceRequest<>((s) -> s.channel().equals(channel) && s.date().getYear() == year, Sale::revenue, 0.0,
				Double::sum);
	}

	/** Lines per region with at least {@code minDiscount} off. */
	public static GroupByRequest<String, Long> linesByRegion(double minDiscount) {
		return new GroupByRequest<>((s) -> s.discount() >= minDiscount, Sale::region, (s) -> 1L, Long::sum);
	}

	/**
	 * Ids of the first {@code limit} lines of a category with at least
	 * {@code minQuantity} units.
	 */
	public static MapRequest<Long> ids(String category, int minQuantity, int limit) {
		return new MapRequest<>((s) -> s.category().equals(category) && s.quantity() >= minQuantity, Sale::id, limit);
	}

	/** A computation on captured values only (xorshift rounds). */
	public static SerCallable<String> digest(long seed, int rounds) {
		return () -> {
			long x = seed | 1;
			for (int i = 0; i < rounds; i++) {
				x ^= x << 13;
				x ^= x >>> 7;
				x ^= x << 17;
			}
			return Long.toHexString(x);
		};
	}

}
