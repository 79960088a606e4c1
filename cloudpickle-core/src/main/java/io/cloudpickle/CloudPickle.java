package io.cloudpickle;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

import io.cloudpickle.internal.policy.ByValueRegistry;

/**
 * Pickles Java objects, including lambdas and classes the receiver has never seen, into
 * bytes another JVM can load.
 *
 * <p>
 * <b>Trusted callers only.</b> Loading a payload defines and runs code chosen by whoever
 * produced it, exactly like Python's cloudpickle. The static methods neither sign nor
 * verify payloads, apply no class gates and use the generous
 * {@link PickleLimits#defaults()}: only load payloads from sources you trust. A signed
 * payload loads here without its signature being checked. Network entry points should use
 * a {@link Pickler} configured with a verifier ({@link Pickler.Builder#verifyWith}),
 * {@link io.cloudpickle.security.ClassGates} and {@link PickleLimits#network()}; see
 * docs/SECURITY.md.
 */
public final class CloudPickle {

	private CloudPickle() {
	}

	/**
	 * Pickles {@code obj} and everything reachable from it; see {@link Pickler#dumps}.
	 */
	public static byte[] dumps(Object obj) {
		return defaultPickler().dumps(obj);
	}

	/**
	 * Appends the pickle of {@code obj} to {@code out}; see {@link Pickler#dump}.
	 */
	public static void dump(Object obj, OutputStream out) {
		defaultPickler().dump(obj, out);
	}

	/**
	 * Loads a payload, defining the classes it ships; only for payloads from trusted
	 * sources.
	 */
	public static Object loads(byte[] payload) {
		return defaultPickler().loads(payload);
	}

	/**
	 * Loads one payload from {@code in} and leaves the stream right after it; see
	 * {@link Pickler#load(InputStream)}. Only for payloads from trusted sources.
	 */
	public static Object load(InputStream in) {
		return defaultPickler().load(in);
	}

	/**
	 * Ships the classes of a package (and its sub-packages) by value from now on, in
	 * every pickler that uses the global registry. Like cloudpickle's
	 * {@code register_pickle_by_value}.
	 * @throws IllegalArgumentException if the name is not a valid package name, or names
	 * a {@code java.*} package
	 */
	public static void registerPickleByValue(String packageName) {
		ByValueRegistry.global().register(packageName);
	}

	public static void registerPickleByValue(Package pkg) {
		registerPickleByValue(pkg.getName());
	}

	public static void registerPickleByValue(Class<?> type) {
		registerPickleByValue(type.getPackageName());
	}

	/**
	 * Stops shipping a registered package by value.
	 * @throws IllegalArgumentException if the package was not registered
	 */
	public static void unregisterPickleByValue(String packageName) {
		ByValueRegistry.global().unregister(packageName);
	}

	/** An immutable snapshot of the registered by-value packages. */
	public static Set<String> listRegistryPickleByValue() {
		return ByValueRegistry.global().snapshot().packages();
	}

	/**
	 * The pickler behind the static methods: global registry, default limits, every class
	 * allowed.
	 */
	public static Pickler defaultPickler() {
		return DefaultHolder.PICKLER;
	}

	private static final class DefaultHolder {

		static final Pickler PICKLER = Pickler.builder().build();

	}

}
