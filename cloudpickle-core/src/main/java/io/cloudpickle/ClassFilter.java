package io.cloudpickle;

/**
 * Decides, on the receiving side, which classes a payload may name. Consulted for every class a payload names, before
 * the class is loaded or defined; a refusal gives a {@link PickleException} naming the class. An implementation may
 * also throw a {@link PickleException} itself to say more precisely why a class is refused.
 *
 * <p>{@link io.cloudpickle.security.ClassGates} is a ready-made filter for receivers that take payloads from a
 * network.
 */
public interface ClassFilter {

	/** Accepts every class: the trusted-caller default of the core API. */
	ClassFilter ALLOW_ALL = new ClassFilter() {
		@Override
		public boolean allowByReference(String className) {
			return true;
		}

		@Override
		public boolean allowByValue(String className) {
			return true;
		}
	};

	/** Whether a class named by reference may be loaded from the receiver's class path. */
	boolean allowByReference(String className);

	/** Whether a class shipped by value (its bytecode in the payload) may be defined. */
	boolean allowByValue(String className);

	/**
	 * Judges the class file of a class shipped by value, after {@link #allowByValue} accepted its name and before any
	 * class of the payload is defined. The default accepts every class file.
	 * @throws PickleException to refuse the class, saying why
	 */
	default void checkClassFile(String className, byte[] classFile) {
	}

}
