package io.cloudpickle.hazelcast;

import java.io.Serializable;
import java.util.HashMap;

/**
 * What an aggregation does with each map value, as closures: which values count, how a
 * partial result starts, grows and merges.
 */
interface Reduction<T, A> extends Serializable {

	boolean accepts(T value);

	A zero();

	A add(A partial, T value);

	A combine(A left, A right);

	/** zero / add / combine given directly. */
	record Fold<T, A>(Closures.Filter<T> filter, Closures.Zero<A> start, Closures.Add<A, T> step,
			Closures.Merge<A> merge) implements Reduction<T, A> {

		@Override
		public boolean accepts(T value) {
			return this.filter.test(value);
		}

		@Override
		public A zero() {
			return this.start.get();
		}

		@Override
		public A add(A partial, T value) {
			return this.step.apply(partial, value);
		}

		@Override
		public A combine(A left, A right) {
			return this.merge.apply(left, right);
		}

	}

	/** Values grouped by a key, each group's values merged. */
	record Grouping<T, G, V>(Closures.Filter<T> filter, Closures.Fn<T, G> key, Closures.Fn<T, V> value,
			Closures.Merge<V> merge) implements Reduction<T, HashMap<G, V>> {

		@Override
		public boolean accepts(T value) {
			return this.filter.test(value);
		}

		@Override
		public HashMap<G, V> zero() {
			return new HashMap<>();
		}

		@Override
		public HashMap<G, V> add(HashMap<G, V> partial, T value) {
			partial.merge(this.key.apply(value), this.value.apply(value), this.merge);
			return partial;
		}

		@Override
		public HashMap<G, V> combine(HashMap<G, V> left, HashMap<G, V> right) {
			right.forEach((group, v) -> left.merge(group, v, this.merge));
			return left;
		}

	}

}
