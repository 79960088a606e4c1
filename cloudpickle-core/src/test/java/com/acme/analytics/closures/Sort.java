package com.acme.analytics.closures;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** Sorts a list with a comparator, on the receiver. */
public record Sort(List<String> values, Comparator<String> order) implements Callable<List<String>> {

	@Override
	public List<String> call() {
		List<String> sorted = new ArrayList<>(this.values);
		sorted.sort(this.order);
		return sorted;
	}

}
