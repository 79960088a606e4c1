package io.cloudpickle.internal.scan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The code of one shipped class as the reachability judgement sees it: its supertypes and
 * its methods ({@link MethodCode}), keyed by name and descriptor. Filled by whoever scans
 * the class file, then read only.
 */
public final class ClassCode {

	private final String name;

	private final String superName;

	private final List<String> interfaces;

	private final Map<String, MethodCode> methods = new LinkedHashMap<>();

	/**
	 * @param name internal name, e.g. {@code com/acme/Job}
	 * @param superName internal name of the superclass, null for interfaces' absent one
	 * @param interfaces internal names of the direct superinterfaces
	 */
	public ClassCode(String name, String superName, String[] interfaces) {
		this.name = name;
		this.superName = superName;
		this.interfaces = (interfaces != null) ? List.of(interfaces) : List.of();
	}

	/** Adds a method and returns it, for the scanner to fill. */
	public MethodCode addMethod(String methodName, String descriptor, int access) {
		MethodCode method = new MethodCode(methodName, descriptor, access);
		this.methods.put(method.signature(), method);
		return method;
	}

	public String name() {
		return this.name;
	}

	String superName() {
		return this.superName;
	}

	List<String> interfaces() {
		return this.interfaces;
	}

	MethodCode method(String signature) {
		return this.methods.get(signature);
	}

	Iterable<MethodCode> methods() {
		return this.methods.values();
	}

	/**
	 * The first method a deny-list refuses, or null: for judging the class as a whole.
	 */
	public MethodCode firstForbidden() {
		for (MethodCode method : this.methods.values()) {
			if (method.forbidden() != null) {
				return method;
			}
		}
		return null;
	}

}
