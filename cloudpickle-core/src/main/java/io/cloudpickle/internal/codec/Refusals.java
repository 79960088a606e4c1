package io.cloudpickle.internal.codec;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Reference;
import java.lang.reflect.Member;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channel;
import java.nio.channels.Selector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Types that cannot travel to another JVM, with the reason given to the user. */
final class Refusals {

	private static final Map<Class<?>, String> REFUSED = new LinkedHashMap<>();

	static {
		REFUSED.put(Thread.class, "threads cannot travel to another JVM");
		REFUSED.put(ThreadGroup.class, "thread groups cannot travel to another JVM");
		REFUSED.put(ClassLoader.class, "class loaders cannot travel to another JVM");
		REFUSED.put(InputStream.class, "open streams cannot travel to another JVM");
		REFUSED.put(OutputStream.class, "open streams cannot travel to another JVM");
		REFUSED.put(Reader.class, "open readers cannot travel to another JVM");
		REFUSED.put(Writer.class, "open writers cannot travel to another JVM");
		REFUSED.put(Socket.class, "sockets cannot travel to another JVM");
		REFUSED.put(ServerSocket.class, "sockets cannot travel to another JVM");
		REFUSED.put(DatagramSocket.class, "sockets cannot travel to another JVM");
		REFUSED.put(Channel.class, "channels cannot travel to another JVM");
		REFUSED.put(Selector.class, "selectors cannot travel to another JVM");
		REFUSED.put(Process.class, "processes cannot travel to another JVM");
		REFUSED.put(ProcessHandle.class, "processes cannot travel to another JVM");
		REFUSED.put(ExecutorService.class, "executors and their threads cannot travel to another JVM");
		REFUSED.put(Reference.class, "references to this JVM's heap cannot travel to another JVM");
		REFUSED.put(MethodHandle.class, "method handles cannot travel; pickle a lambda instead");
		REFUSED.put(Member.class, "reflective members cannot travel; pickle a lambda or a name instead");
	}

	private Refusals() {
	}

	/** Why this particular instance cannot be pickled (a lock someone holds), or null. */
	static String reasonForInstance(Object value) {
		if (value instanceof ReentrantLock lock && lock.isLocked()) {
			return "the lock is held; a held lock cannot travel to another JVM";
		}
		if (value instanceof ReentrantReadWriteLock lock && (lock.isWriteLocked() || lock.getReadLockCount() > 0)) {
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
