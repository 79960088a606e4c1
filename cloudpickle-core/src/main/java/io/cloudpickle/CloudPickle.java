package io.cloudpickle;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;

/**
 * Pickles Java objects, including lambdas and classes the receiver has never seen, into bytes another JVM can load.
 *
 * <p><b>Trusted callers only.</b> Loading a payload defines and runs code chosen by whoever produced it, exactly like
 * Python's cloudpickle. Only load payloads from sources you trust; network entry points should use a {@link Pickler}
 * configured with a {@link ClassFilter}, limits and signatures.
 */
public final class CloudPickle {

	private CloudPickle() {
	}

	public static byte[] dumps(Object obj) {
		return defaultPickler().dumps(obj);
	}

	public static void dump(Object obj, OutputStream out) {
		defaultPickler().dump(obj, out);
	}

	public static Object loads(byte[] payload) {
		return defaultPickler().loads(payload);
	}

	public static Object load(InputStream in) {
		return defaultPickler().load(in);
	}

	public static void registerPickleByValue(String packageName) {
		throw new UnsupportedOperationException("engine pending");
	}

	public static void registerPickleByValue(Package pkg) {
		registerPickleByValue(pkg.getName());
	}

	public static void registerPickleByValue(Class<?> type) {
		registerPickleByValue(type.getPackageName());
	}

	public static void unregisterPickleByValue(String packageName) {
		throw new UnsupportedOperationException("engine pending");
	}

	public static Set<String> listRegistryPickleByValue() {
		throw new UnsupportedOperationException("engine pending");
	}

	public static Pickler defaultPickler() {
		throw new UnsupportedOperationException("engine pending");
	}

}
