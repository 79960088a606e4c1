package com.acme.analytics.plain;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;
import java.util.function.Supplier;

import io.cloudpickle.CloudPickle;

/** Tasks for the receiver: plain lambdas inside records, lists and by-value classes. */
public final class Tasks {

	private Tasks() {
	}

	/** Applies {@code f} to {@code x} on the receiver. */
	public record Apply<T, R>(Function<T, R> f, T x) implements Callable<R> {

		@Override
		public R call() {
			return this.f.apply(this.x);
		}

	}

	/** Applies a primitive operator on the receiver. */
	public record ApplyInts(IntBinaryOperator op, int a, int b) implements Callable<Integer> {

		@Override
		public Integer call() {
			return this.op.applyAsInt(this.a, this.b);
		}

	}

	/** Calls a supplier on the receiver. */
	public record Get<T>(Supplier<T> supplier) implements Callable<T> {

		@Override
		public T call() {
			return this.supplier.get();
		}

	}

	/** A named step: a plain lambda inside a record. */
	public record Step(String name, Function<Integer, Integer> f) {
	}

	/** Runs a list of steps (a plain lambda inside a record inside a list). */
	public record Pipeline(List<Step> steps, int start) implements Callable<Integer> {

		@Override
		public Integer call() {
			int value = this.start;
			for (Step step : this.steps) {
				value = step.f().apply(value);
			}
			return value;
		}

	}

	/** A by-value class that holds a plain lambda in an ordinary field. */
	public static final class Holder implements Callable<String> {

		private final Function<String, String> format;

		private final String value;

		public Holder(Function<String, String> format, String value) {
			this.format = format;
			this.value = value;
		}

		@Override
		public String call() {
			return this.format.apply(this.value);
		}

	}

	/** Makes a plain lambda on the receiver, so that the receiver must pickle it back. */
	public record MakeAdder(int k) implements Callable<Function<Integer, Integer>> {

		@Override
		public Function<Integer, Integer> call() {
			return (x) -> x + this.k;
		}

	}

	/**
	 * Loads a payload made elsewhere (at a JShell prompt) and applies the function in it.
	 */
	public record LoadAndApply(byte[] payload, int x) implements Callable<Object> {

		@Override
		@SuppressWarnings("unchecked")
		public Object call() {
			Function<Integer, Object> f = (Function<Integer, Object>) CloudPickle.loads(this.payload);
			return List.of(f.apply(this.x), f.getClass().getName());
		}

	}

}
