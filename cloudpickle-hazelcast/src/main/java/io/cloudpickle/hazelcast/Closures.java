package io.cloudpickle.hazelcast;

import java.io.Serializable;

/**
 * Serializable functional interfaces for the closures of
 * {@link CloudPickleHazelcast#aggregate aggregations},
 * {@link CloudPickleHazelcast#groupBy group-bys} and
 * {@link CloudPickleHazelcast#updateEntries entry updates}. Lambdas written against them
 * travel by value to the members.
 */
public final class Closures {

	private Closures() {
	}

	/** A filter on map values. */
	@FunctionalInterface
	public interface Filter<T> extends java.util.function.Predicate<T>, Serializable {

		/** Keeps every value. */
		static <T> Filter<T> all() {
			return (value) -> true;
		}

	}

	/** A function from a value to a key, a value or a result. */
	@FunctionalInterface
	public interface Fn<T, R> extends java.util.function.Function<T, R>, Serializable {

	}

	/** Merges two partial results of the same kind. */
	@FunctionalInterface
	public interface Merge<A> extends java.util.function.BinaryOperator<A>, Serializable {

	}

	/** A fresh, empty partial result. */
	@FunctionalInterface
	public interface Zero<A> extends java.util.function.Supplier<A>, Serializable {

	}

	/** Adds one value to a partial result and returns the partial result. */
	@FunctionalInterface
	public interface Add<A, T> extends java.util.function.BiFunction<A, T, A>, Serializable {

	}

	/**
	 * Updates one map entry in place ({@link java.util.Map.Entry#setValue}) and returns a
	 * result for it.
	 */
	@FunctionalInterface
	public interface EntryUpdate<K, V, R> extends Serializable {

		R apply(java.util.Map.Entry<K, V> entry) throws Exception;

	}

}
