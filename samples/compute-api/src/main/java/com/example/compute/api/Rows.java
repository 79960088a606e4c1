package com.example.compute.api;

import java.util.List;

/**
 * The answer to a {@link MapRequest}.
 *
 * @param scanned rows looked at (the whole dataset)
 * @param matched rows that passed the filter
 * @param rows the first mapped rows, at most the request's limit
 */
public record Rows<R>(long scanned, long matched, List<R> rows) {
}
