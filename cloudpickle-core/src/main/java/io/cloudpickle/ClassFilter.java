package io.cloudpickle;

import io.cloudpickle.security.GadgetDenyList;

/**
 * Decides, on the receiving side, which classes a payload may name. Consulted for every
 * class a payload names, before the class is loaded or defined; a refusal gives a
 * {@link PickleException} naming the class. An implementation may also throw a
 * {@link PickleException} itself to say more precisely why a class is refused.
 *
 * <p>
 * {@link io.cloudpickle.security.ClassGates} is a ready-made filter for receivers that
 * take payloads from a network.
 */
public interface ClassFilter {

	/**
	 * The default of every {@link Pickler} (and so of {@link CloudPickle#loads}): accepts
	 * every class except the known deserialization gadgets of
	 * {@link io.cloudpickle.security.GadgetDenyList}, whether named by reference, shipped
	 * by value or named inside a nested JDK stream. Nothing on that list has a legitimate
	 * reason to travel inside a task, so even trusted callers keep it; {@link #ALLOW_ALL}
	 * switches it off.
	 */
	ClassFilter DENY_KNOWN_GADGETS = new ClassFilter() {
		@Override
		public boolean allowByReference(String className) {
			GadgetDenyList.requireNotDenied(className, "named by reference");
			return true;
		}

		@Override
		public boolean allowByValue(String className) {
			GadgetDenyList.requireNotDenied(className, "shipped by value");
			return true;
		}

		@Override
		public String toString() {
			return "ClassFilter.DENY_KNOWN_GADGETS";
		}
	};

	/**
	 * Accepts every class, known gadgets included: only for payloads from a fully trusted
	 * source.
	 */
	ClassFilter ALLOW_ALL = new ClassFilter() {
		@Override
		public boolean allowByReference(String className) {
			return true;
		}

		@Override
		public boolean allowByValue(String className) {
			return true;
		}

		@Override
		public String toString() {
			return "ClassFilter.ALLOW_ALL";
		}
	};

	/**
	 * Whether a class named by reference may be loaded from the receiver's class path.
	 */
	boolean allowByReference(String className);

	/** Whether a class shipped by value (its bytecode in the payload) may be defined. */
	boolean allowByValue(String className);

	/**
	 * Judges the class file of a class shipped by value, after {@link #allowByValue}
	 * accepted its name and before any class of the payload is defined. The default
	 * accepts every class file.
	 * @throws PickleException to refuse the class, saying why
	 */
	default void checkClassFile(String className, byte[] classFile) {
	}

	/**
	 * As {@link #checkClassFile(String, byte[])}, given the class file's SHA-256, already
	 * verified against its bytes (filters that cache their verdicts key them by it
	 * instead of hashing again). The default ignores the hash.
	 * @throws PickleException to refuse the class, saying why
	 */
	default void checkClassFile(String className, byte[] sha256, byte[] classFile) {
		checkClassFile(className, classFile);
	}

}
