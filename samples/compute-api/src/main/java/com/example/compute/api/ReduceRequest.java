package com.example.compute.api;

/**
 * Filter, map, reduce ({@code POST /compute/dataset/reduce}): {@code identity} combined
 * with the mapped value of every matching row, in dataset order. The answer is the
 * reduced value.
 *
 * @param filter which rows, or null for all
 * @param mapper the value of a row
 * @param identity the start value
 * @param reducer combines two values
 */
public record ReduceRequest<R>(SerPredicate<Sale> filter, SerFunction<Sale, R> mapper, R identity,
		SerBinaryOperator<R> reducer) {
}
