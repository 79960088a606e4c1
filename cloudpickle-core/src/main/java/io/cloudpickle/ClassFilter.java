package io.cloudpickle;

/**
 * Decides, on the receiving side, which classes a payload may name. Consulted once per class per payload, before the
 * class is loaded or defined; a refusal gives a {@link PickleException} naming the class.
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

}
