package io.cloudpickle.internal.codec;

import java.util.LinkedHashMap;
import java.util.Map;

/** Types that cannot travel to another JVM, with the reason given to the user. */
final class Refusals {

	private static final Map<Class<?>, String> REFUSED = new LinkedHashMap<>();

	static {
		REFUSED.put(Thread.class, "threads cannot travel to another JVM");
		REFUSED.put(ThreadGroup.class, "thread groups cannot travel to another JVM");
		REFUSED.put(ClassLoader.class, "class loaders cannot travel to another JVM");
		REFUSED.put(java.io.InputStream.class, "open streams cannot travel to another JVM");
		REFUSED.put(java.io.OutputStream.class, "open streams cannot travel to another JVM");
		REFUSED.put(java.io.Reader.class, "open readers cannot travel to another JVM");
		REFUSED.put(java.io.Writer.class, "open writers cannot travel to another JVM");
		REFUSED.put(java.net.Socket.class, "sockets cannot travel to another JVM");
		REFUSED.put(java.net.ServerSocket.class, "sockets cannot travel to another JVM");
		REFUSED.put(java.net.DatagramSocket.class, "sockets cannot travel to another JVM");
		REFUSED.put(java.nio.channels.Channel.class, "channels cannot travel to another JVM");
		REFUSED.put(java.nio.channels.Selector.class, "selectors cannot travel to another JVM");
		REFUSED.put(Process.class, "processes cannot travel to another JVM");
		REFUSED.put(ProcessHandle.class, "processes cannot travel to another JVM");
		REFUSED.put(java.util.concurrent.ExecutorService.class,
				"executors and their threads cannot travel to another JVM");
		REFUSED.put(java.lang.ref.Reference.class, "references to this JVM's heap cannot travel to another JVM");
		REFUSED.put(java.lang.invoke.MethodHandle.class, "method handles cannot travel; pickle a lambda instead");
		REFUSED.put(java.lang.reflect.Member.class,
				"reflective members cannot travel; pickle a lambda or a name instead");
	}

	private Refusals() {
	}

	/** Why this particular instance cannot be pickled (a lock someone holds), or null. */
	static String reasonForInstance(Object value) {
		if (value instanceof java.util.concurrent.locks.ReentrantLock lock && lock.isLocked()) {
			return "the lock is held; a held lock cannot travel to another JVM";
		}
		if (value instanceof java.util.concurrent.locks.ReentrantReadWriteLock lock
				&& (lock.isWriteLocked() || lock.getReadLockCount() > 0)) {
			return "the lock is held; a held lock cannot travel to another JVM";
		}
		return null;
	}

	/** Why {@code type} cannot be pickled, or null if it can. */
	static String reasonFor(Class<?> type) {
		for (Map.Entry<Class<?>, String> entry : REFUSED.entrySet()) {
			if (entry.getKey().isAssignableFrom(type)) {
				return entry.getValue();
			}
		}
		return null;
	}

}
