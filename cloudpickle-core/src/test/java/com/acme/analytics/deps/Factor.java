package com.acme.analytics.deps;

/** Class C of "A calls B uses C". Its {@code times} is package-private. */
public record Factor(int value) {

	int times(int x) {
		return x * this.value;
	}

}
