package com.acme.analytics.deps;

/** Referenced only as the parameter type of an unused method of {@link Pipeline}. */
public final class OnlyInSignature {

	private OnlyInSignature() {
	}

}
