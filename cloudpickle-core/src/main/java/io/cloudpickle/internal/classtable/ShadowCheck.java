package io.cloudpickle.internal.classtable;

import java.util.List;

import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.PickleException;

/**
 * Refuses shipped classes that would shadow a class of the receiver. A
 * {@link ShippedClassLoader} is child-first for the names it holds, so without this check
 * a payload could ship its own {@code io.cloudpickle.CloudPickle} or
 * {@code org.springframework...} class and have the payload's objects use it instead of
 * the receiver's.
 */
final class ShadowCheck {

	/**
	 * Packages that belong to the receiver whether or not its class path has the class.
	 */
	static final List<String> RESERVED_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
			"io.cloudpickle.", "org.springframework.");

	private ShadowCheck() {
	}

	static void requireNotShadowing(String name, ClassLoader receiverLoader) {
		for (String prefix : RESERVED_PREFIXES) {
			if (name.startsWith(prefix)) {
				throw new ClassRefusedException(name, "class " + name + " was shipped by value, but " + prefix
						+ "* belongs to the receiver: a shipped class may not shadow the receiver's classes");
			}
		}
		boolean visible;
		try {
			Class.forName(name, false, receiverLoader);
			visible = true;
		}
		catch (ClassNotFoundException ex) {
			visible = false;
		}
		catch (LinkageError ex) {
			// a class file of that name exists for the receiver, even if it cannot be
			// linked
			visible = true;
		}
		if (visible) {
			throw new ClassRefusedException(name, "class " + name
					+ " was shipped by value, but the receiver's class loader already"
					+ " has a class of that name: a shipped class may not shadow the receiver's classes (pickle it by"
					+ " reference instead: remove its package from the sender's by-value packages)");
		}
	}

}
