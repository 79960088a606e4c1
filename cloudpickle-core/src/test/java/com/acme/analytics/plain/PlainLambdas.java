package com.acme.analytics.plain;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;
import java.util.function.Supplier;

/**
 * Plain lambdas and method references: no Serializable target type anywhere except in
 * {@link #mixed(int)}, which gives this class javac's {@code $deserializeLambda$}. This
 * package is shipped by value.
 */
public final class PlainLambdas {

	private PlainLambdas() {
	}

	/** The README's example. */
	public static Function<Integer, Integer> times(int k) {
		return (x) -> x * k;
	}

	/**
	 * Same shape as {@link #times(int)}: a reflection-only match could not tell them
	 * apart.
	 */
	public static Function<Integer, Integer> timesPlusOne(int k) {
		return (x) -> x * k + 1;
	}

	/** Capture-free. */
	public static Supplier<String> hello() {
		return () -> "hello";
	}

	/** An unbound method reference to a JDK method. */
	public static Function<String, Integer> length() {
		return String::length;
	}

	/** A bound method reference to a JDK method. */
	public static Function<String, String> prefix(String prefix) {
		return prefix::concat;
	}

	/** A static method reference to a JDK method, primitive functional interface. */
	public static IntBinaryOperator max() {
		return Math::max;
	}

	/** A constructor reference. */
	public static Supplier<List<String>> newList() {
		return ArrayList::new;
	}

	/** A lambda that returns a lambda. */
	public static Function<Integer, Supplier<Integer>> nested(int k) {
		return (x) -> () -> x + k;
	}

	/** A lambda capturing another plain lambda. */
	public static Function<Integer, Integer> composed(int a, int b) {
		Function<Integer, Integer> add = (x) -> x + a;
		return (x) -> add.apply(x) * b;
	}

	/** The same as {@link #times(int)}, declared Serializable. */
	public static Function<Integer, Integer> serializable(int k) {
		return (Function<Integer, Integer> & Serializable) (x) -> x * k;
	}

	/**
	 * A plain lambda capturing a Serializable one (this class has $deserializeLambda$).
	 */
	public static Function<Integer, Integer> mixed(int k) {
		Function<Integer, Integer> serializable = (Function<Integer, Integer> & Serializable) (x) -> x + k;
		return (x) -> serializable.apply(x) * 2;
	}

}
