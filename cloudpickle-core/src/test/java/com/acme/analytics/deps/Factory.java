package com.acme.analytics.deps;

import java.io.Serializable;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A lambda defined inside a lambda and an anonymous class inside a lambda read a static
 * field.
 */
public final class Factory {

	private Factory() {
	}

	public static Callable<String> make() {
		Supplier<Function<Integer, Integer>> factory = (Supplier<Function<Integer, Integer>> & Serializable) () -> (Function<Integer, Integer> & Serializable) x -> x
				+ Settings.base;
		Supplier<Supplier<String>> anonymousInLambda = (Supplier<Supplier<String>> & Serializable) () -> new Supplier<>() {
			@Override
			public String get() {
				return Settings.name;
			}
		};
		return (Callable<String> & Serializable) () -> factory.get().apply(1) + "|" + anonymousInLambda.get().get();
	}

}
