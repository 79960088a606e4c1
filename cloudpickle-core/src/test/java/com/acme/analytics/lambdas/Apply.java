package com.acme.analytics.lambdas;

import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * A task (deliberately not Serializable) that applies a shipped function to an argument
 * on the receiver.
 */
public final class Apply<T, R> implements Callable<R> {

	private final Function<T, R> function;

	private final T argument;

	private Apply(Function<T, R> function, T argument) {
		this.function = function;
		this.argument = argument;
	}

	public static <T, R> Apply<T, R> of(Function<T, R> function, T argument) {
		return new Apply<>(function, argument);
	}

	@Override
	public R call() {
		return this.function.apply(this.argument);
	}

}
