package com.example.compute.api;

/**
 * Filter the dataset, then map every matching row ({@code POST /compute/dataset/map}).
 * The answer is a {@link Rows} holding the first {@code limit} mapped rows and the number
 * of matches.
 *
 * @param filter which rows, or null for all
 * @param mapper what to make of a row, or null to return the row itself
 * @param limit most rows returned (the server caps it at {@code compute.max-result-rows})
 */
public record MapRequest<R>(SerPredicate<Sale> filter, SerFunction<Sale, R> mapper, int limit) {

	/** The rows matching {@code filter}, up to {@code limit}. */
	public static MapRequest<Sale> filter(SerPredicate<Sale> filter, int limit) {
		return new MapRequest<>(filter, null, limit);
	}

}
