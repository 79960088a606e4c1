package io.cloudpickle.internal.scan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.objectweb.asm.Opcodes;

/**
 * What the reachability judgement needs to know of one method of a shipped class: the
 * methods it may call, the classes it initialises and instantiates, the first reference a
 * deny-list refuses in it, and whether it reaches code by name (reflection).
 */
public final class MethodCode {

	/** A call from this method: how it dispatches, and to what. */
	record Call(int opcode, String owner, String name, String descriptor) {

		boolean dispatchesVirtually() {
			return this.opcode == Opcodes.INVOKEVIRTUAL || this.opcode == Opcodes.INVOKEINTERFACE;
		}

	}

	private final String name;

	private final String descriptor;

	private final int access;

	private final List<Call> calls = new ArrayList<>();

	private final Set<String> initialised = new LinkedHashSet<>();

	private final Set<String> instantiated = new LinkedHashSet<>();

	private String forbidden;

	private String reflective;

	public MethodCode(String name, String descriptor, int access) {
		this.name = name;
		this.descriptor = descriptor;
		this.access = access;
	}

	public String name() {
		return this.name;
	}

	public String descriptor() {
		return this.descriptor;
	}

	/** Name and descriptor, e.g. {@code run()V}. */
	public String signature() {
		return this.name + this.descriptor;
	}

	boolean isStatic() {
		return (this.access & Opcodes.ACC_STATIC) != 0;
	}

	boolean isAbstract() {
		return (this.access & Opcodes.ACC_ABSTRACT) != 0;
	}

	void call(int opcode, String owner, String methodName, String methodDescriptor) {
		this.calls.add(new Call(opcode, owner, methodName, methodDescriptor));
	}

	void initialises(String owner) {
		this.initialised.add(owner);
	}

	void instantiates(String owner) {
		this.instantiated.add(owner);
	}

	void reflects(String reference) {
		if (this.reflective == null) {
			this.reflective = reference;
		}
	}

	/** Records why a deny-list refuses this method's code; the first reason is kept. */
	public void forbid(String reason) {
		if (this.forbidden == null) {
			this.forbidden = reason;
		}
	}

	/** The first reason a deny-list refuses this method's code, or null. */
	public String forbidden() {
		return this.forbidden;
	}

	List<Call> calls() {
		return this.calls;
	}

	Set<String> initialised() {
		return this.initialised;
	}

	Set<String> instantiated() {
		return this.instantiated;
	}

	/** The first reference that reaches code by name, or null. */
	String reflective() {
		return this.reflective;
	}

}
