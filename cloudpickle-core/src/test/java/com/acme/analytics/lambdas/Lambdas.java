package com.acme.analytics.lambdas;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/** Lambda and method-reference factories; this package is shipped by value. */
public final class Lambdas {

	private Lambdas() {
	}

	// ---- plain lambdas ----

	/** Capture-free. */
	public static Supplier<Integer> constantOne() {
		return (Supplier<Integer> & Serializable) () -> 1;
	}

	/** The README's example: captures an int. */
	public static Function<Integer, Integer> addK(int k) {
		return (Function<Integer, Integer> & Serializable) x -> x + k;
	}

	/** F2 captures f1 which captures a; f2 also captures b. */
	public static Function<Integer, Integer> nested(int a, int b) {
		Function<Integer, Integer> f1 = (Function<Integer, Integer> & Serializable) x -> x + a;
		return (Function<Integer, Integer> & Serializable) x -> f1.apply(x) / b;
	}

	/** Two captures of different types. */
	public static BiFunction<Long, String, String> twoCaptures(long n, String s) {
		return (BiFunction<Long, String, String> & Serializable) (x, y) -> y + s + (x + n);
	}

	/**
	 * A lambda that reaches itself through an AtomicReference; checks identity on the
	 * receiver.
	 */
	public static Callable<String> recursiveFactorial() {
		AtomicReference<Function<Integer, Integer>> self = new AtomicReference<>();
		Function<Integer, Integer> fact = (Function<Integer, Integer> & Serializable) n -> (n <= 1) ? 1
				: n * self.get().apply(n - 1);
		self.set(fact);
		return (Callable<String> & Serializable) () -> fact.apply(5) + ":" + (self.get() == fact);
	}

	/** A local class whose method calls itself. */
	public static Callable<Integer> recursiveLocalClass(int n) {
		class Fib {

			int of(int k) {
				return (k < 2) ? k : of(k - 1) + of(k - 2);
			}

		}
		Fib fib = new Fib();
		return (Callable<Integer> & Serializable) () -> fib.of(n);
	}

	// ---- method references ----

	/** Static method reference to a JDK method. */
	public static Function<String, Integer> staticJdkRef() {
		return (Function<String, Integer> & Serializable) Integer::parseInt;
	}

	/**
	 * Static method reference to a by-value method (Util::parse of a by-value class).
	 */
	public static Function<Integer, Integer> staticOwnRef() {
		return (Function<Integer, Integer> & Serializable) Lambdas::twice;
	}

	static Integer twice(Integer x) {
		return 2 * x;
	}

	/** Bound method reference on a JDK object. */
	public static Function<String, String> boundJdkRef(String prefix) {
		return (Function<String, String> & Serializable) prefix::concat;
	}

	/** Bound method reference on an instance of a by-value class. */
	public static Supplier<Integer> boundOwnRef(Counter counter) {
		return (Supplier<Integer> & Serializable) counter::incrementAndGet;
	}

	/** Unbound method reference to a JDK method. */
	public static Function<String, Integer> unboundJdkRef() {
		return (Function<String, Integer> & Serializable) String::length;
	}

	/** Unbound method reference to a by-value method. */
	public static Function<Point, Double> unboundOwnRef() {
		return (Function<Point, Double> & Serializable) Point::norm;
	}

	/** Constructor reference to a JDK class. */
	public static Supplier<List<String>> constructorJdkRef() {
		return (Supplier<List<String>> & Serializable) ArrayList::new;
	}

	/** Constructor reference to a by-value record. */
	public static BiFunction<Integer, Integer, Point> constructorOwnRef() {
		return (BiFunction<Integer, Integer, Point> & Serializable) Point::new;
	}

	/** Array constructor reference. */
	public static IntFunction<int[]> arrayConstructorRef() {
		return (IntFunction<int[]> & Serializable) int[]::new;
	}

	/** A plain, non-serializable lambda. */
	public static Function<Integer, Integer> notSerializable(int k) {
		return x -> x + k;
	}

	// ---- JDK lambdas whose capturing class is a JDK class (by reference on both sides)
	// ----

	/**
	 * Comparator.comparing builds a Serializable lambda captured in java.util.Comparator
	 * around our key extractor.
	 */
	public static Comparator<Point> byNormThenX() {
		return Comparator.comparing((Function<Point, Double> & Serializable) Point::norm)
			.thenComparing((Function<Point, Integer> & Serializable) Point::x);
	}

	/**
	 * Map.Entry.comparingByKey(): a capture-free Serializable lambda whose capturing
	 * class is java.util.Map$Entry.
	 */
	public static Comparator<Map.Entry<String, Integer>> entriesByKey() {
		return Map.Entry.comparingByKey();
	}

	/**
	 * Sorts on the receiver with a shipped comparator and reports the order and the
	 * comparator's capturing class.
	 */
	public static <T> Callable<String> sortWith(Comparator<T> comparator, List<T> items) {
		return (Callable<String> & Serializable) () -> {
			List<T> copy = new ArrayList<>(items);
			copy.sort(comparator);
			return copy + "|" + comparator.getClass().getNestHost().getName();
		};
	}

	/**
	 * Composition of a JDK default method (andThen) with by-value lambdas and a JDK
	 * method ref.
	 */
	public static Callable<Integer> composed() {
		Function<Integer, Integer> negate = (Function<Integer, Integer> & Serializable) x -> -x;
		Function<Integer, Integer> abs = (Function<Integer, Integer> & Serializable) Math::abs;
		return (Callable<Integer> & Serializable) () -> negate.andThen(abs).apply(7) + abs.compose(negate).apply(-3);
	}

	/** Applies a two-argument function on the receiver and describes the result there. */
	public static <A, B, R> Callable<String> describeApply(BiFunction<A, B, R> function, A a, B b) {
		return (Callable<String> & Serializable) () -> {
			R result = function.apply(a, b);
			return result + "|" + result.getClass().getName() + "|onSystemLoader="
					+ (result.getClass().getClassLoader() == ClassLoader.getSystemClassLoader());
		};
	}

	/** Applies an array constructor reference on the receiver. */
	public static Callable<String> describeArray(IntFunction<int[]> newArray, int length) {
		return (Callable<String> & Serializable) () -> {
			int[] array = newArray.apply(length);
			return array.getClass().getSimpleName() + "[" + array.length + "]";
		};
	}

}
