package io.cloudpickle.internal.classtable;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classes this JVM has itself pickled by value, by the SHA-256 of their bytes, held
 * weakly.
 *
 * <p>
 * When a payload ships only classes this JVM sent out (results of shipped code coming
 * back, JShell values), the receiver uses its own originals, so a round trip gives back
 * instances of the sender's classes, as cloudpickle's class tracking does. A class the
 * receiver merely happens to have on its class path is not an origin: a by-value copy of
 * it stays a copy with its own static state. All or nothing per payload, so a runtime
 * package is never split across loaders.
 */
final class ShippedOrigins {

	private static final Map<ByteBuffer, WeakReference<Class<?>>> ORIGINS = new ConcurrentHashMap<>();

	private static final int PURGE_EVERY = 1_024;

	private ShippedOrigins() {
	}

	/**
	 * Records that this JVM ships {@code type}, whose class file hashes to
	 * {@code sha256}.
	 */
	static void remember(byte[] sha256, Class<?> type) {
		ByteBuffer key = ByteBuffer.wrap(sha256);
		WeakReference<Class<?>> known = ORIGINS.get(key);
		if (known == null || known.get() != type) {
			if (ORIGINS.size() % PURGE_EVERY == PURGE_EVERY - 1) {
				ORIGINS.values().removeIf((ref) -> ref.get() == null);
			}
			ORIGINS.put(key, new WeakReference<>(type));
		}
	}

	/**
	 * The origin of a shipped class, or null if this JVM did not ship these very bytes
	 * under this name.
	 */
	static Class<?> originOf(ShippedClass shipped) {
		WeakReference<Class<?>> ref = ORIGINS.get(ByteBuffer.wrap(shipped.sha256()));
		Class<?> type = (ref != null) ? ref.get() : null;
		return (type != null && type.getName().equals(shipped.name())) ? type : null;
	}

	/** Whether every class of the bundle is one this JVM shipped out. */
	static boolean allOrigins(List<ShippedClass> bundle) {
		for (ShippedClass shipped : bundle) {
			if (originOf(shipped) == null) {
				return false;
			}
		}
		return true;
	}

}
