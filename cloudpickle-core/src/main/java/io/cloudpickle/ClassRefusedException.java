package io.cloudpickle;

/**
 * A payload was refused because of a class it names or ships: refused by the
 * {@link ClassFilter} (for instance a known deserialization gadget, or a package not
 * accepted by value), by the bytecode check, or because a shipped class would shadow one
 * of the receiver's own. Entry points can answer it as "forbidden" rather than
 * "malformed".
 */
public class ClassRefusedException extends PickleException {

	private static final long serialVersionUID = 1L;

	private final String className;

	public ClassRefusedException(String className, String message) {
		super(message);
		this.className = className;
	}

	/** The binary name of the refused class. */
	public String className() {
		return this.className;
	}

}
