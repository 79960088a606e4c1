package com.example.compute.api;

/**
 * Group the matching rows by a key and aggregate a value per group
 * ({@code POST /compute/dataset/group-by}), like Spark's {@code reduceByKey}. The answer
 * is a map from key to aggregate, sorted by key when the keys are {@link Comparable}, in
 * first-seen order otherwise.
 *
 * @param filter which rows, or null for all
 * @param key the group of a row
 * @param value the value of a row
 * @param merge combines two values of one group
 */
public record GroupByRequest<K, V>(SerPredicate<Sale> filter, SerFunction<Sale, K> key, SerFunction<Sale, V> value,
		SerBinaryOperator<V> merge) {
}
