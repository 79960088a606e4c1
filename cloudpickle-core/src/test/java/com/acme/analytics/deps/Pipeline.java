package com.acme.analytics.deps;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Class A: a lambda calls a helper in B that uses record C. */
public final class Pipeline {

	private Pipeline() {
	}

	public static Function<Integer, Integer> scaled() {
		return (Function<Integer, Integer> & Serializable) x -> Scaler.scale(x);
	}

	/** Never called: {@link OnlyInSignature} appears only in this descriptor. */
	static void unused(OnlyInSignature marker) {
	}

	/** Runs A → B → C on the receiver and reports where the classes came from. */
	public static Callable<String> run(int x) {
		Function<Integer, Integer> f = scaled();
		return (Callable<String> & Serializable) () -> {
			ClassLoader here = Pipeline.class.getClassLoader();
			Class<?> b = Class.forName("com.acme.analytics.deps.Scaler", false, here);
			Class<?> c = Class.forName("com.acme.analytics.deps.Factor", false, here);
			return f.apply(x) + "|sameLoader=" + (b.getClassLoader() == here && c.getClassLoader() == here)
					+ "|samePackage=" + (b.getPackage() == Pipeline.class.getPackage()) + "|shipped="
					+ (here != ClassLoader.getSystemClassLoader());
		};
	}

	/**
	 * getDeclaredMethods resolves every declared signature, including
	 * {@code unused(OnlyInSignature)}.
	 */
	public static Callable<String> declaredMethods() {
		return (Callable<String> & Serializable) () -> Arrays.stream(Pipeline.class.getDeclaredMethods())
			.filter((m) -> !m.isSynthetic())
			.map(Pipeline::signature)
			.sorted()
			.collect(Collectors.joining(","));
	}

	private static String signature(Method m) {
		return m.getName() + Arrays.stream(m.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(",", "(", ")"));
	}

}
