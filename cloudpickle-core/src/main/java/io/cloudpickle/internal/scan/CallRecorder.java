package io.cloudpickle.internal.scan;

import java.util.Set;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Records into a {@link MethodCode} what a method's code may call, initialise and
 * instantiate: {@code invoke*} instructions, {@code new}, static field accesses, the
 * bootstrap method and method-handle arguments of {@code invokedynamic} (a lambda's
 * implementation method among them), method-handle constants and constant dynamics. It
 * also notes the first reference that reaches code by name, since a call graph cannot
 * follow such calls.
 */
public final class CallRecorder extends MethodVisitor {

	/** Types any of whose members reach code by name. */
	private static final Set<String> REFLECTIVE_TYPES = Set.of("java/lang/invoke/MethodHandles$Lookup",
			"java/lang/invoke/MethodHandleProxies", "java/util/ServiceLoader");

	private static final Set<String> REFLECTIVE_PREFIXES = Set.of("java/lang/reflect/", "java/beans/");

	/** Members of {@code java.lang.Class} that find or initialise code by name. */
	private static final Set<String> REFLECTIVE_CLASS_MEMBERS = Set.of("forName", "getMethod", "getMethods",
			"getDeclaredMethod", "getDeclaredMethods", "getConstructor", "getConstructors", "getDeclaredConstructor",
			"getDeclaredConstructors", "getField", "getFields", "getDeclaredField", "getDeclaredFields", "newInstance",
			"getEnclosingMethod", "getEnclosingConstructor", "getRecordComponents", "getEnumConstants");

	private final MethodCode method;

	/**
	 * @param api the ASM API version
	 * @param next the visitor to pass every event on to, or null
	 * @param method where to record
	 */
	public CallRecorder(int api, MethodVisitor next, MethodCode method) {
		super(api, next);
		this.method = method;
	}

	@Override
	public void visitTypeInsn(int opcode, String type) {
		if (opcode == Opcodes.NEW) {
			this.method.instantiates(type);
		}
		super.visitTypeInsn(opcode, type);
	}

	@Override
	public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
		if (opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC) {
			this.method.initialises(owner);
		}
		super.visitFieldInsn(opcode, owner, name, descriptor);
	}

	@Override
	public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
		call(opcode, owner, name, descriptor);
		super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
	}

	@Override
	public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
		constant(bootstrap);
		for (Object argument : arguments) {
			constant(argument);
		}
		super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
	}

	@Override
	public void visitLdcInsn(Object value) {
		constant(value);
		super.visitLdcInsn(value);
	}

	private void constant(Object value) {
		if (value instanceof Handle handle) {
			handle(handle);
		}
		else if (value instanceof ConstantDynamic condy) {
			handle(condy.getBootstrapMethod());
			for (int i = 0; i < condy.getBootstrapMethodArgumentCount(); i++) {
				constant(condy.getBootstrapMethodArgument(i));
			}
		}
	}

	private void handle(Handle handle) {
		String owner = handle.getOwner();
		switch (handle.getTag()) {
			case Opcodes.H_INVOKESTATIC -> call(Opcodes.INVOKESTATIC, owner, handle.getName(), handle.getDesc());
			case Opcodes.H_INVOKEVIRTUAL -> call(Opcodes.INVOKEVIRTUAL, owner, handle.getName(), handle.getDesc());
			case Opcodes.H_INVOKEINTERFACE -> call(Opcodes.INVOKEINTERFACE, owner, handle.getName(), handle.getDesc());
			case Opcodes.H_INVOKESPECIAL -> call(Opcodes.INVOKESPECIAL, owner, handle.getName(), handle.getDesc());
			case Opcodes.H_NEWINVOKESPECIAL -> {
				this.method.instantiates(owner);
				call(Opcodes.INVOKESPECIAL, owner, handle.getName(), handle.getDesc());
			}
			case Opcodes.H_GETSTATIC, Opcodes.H_PUTSTATIC -> this.method.initialises(owner);
			default -> {
				// instance field handles run no code
			}
		}
	}

	private void call(int opcode, String owner, String name, String descriptor) {
		if (owner.startsWith("[")) {
			return; // clone() of an array
		}
		if (opcode == Opcodes.INVOKESTATIC) {
			this.method.initialises(owner);
		}
		this.method.call(opcode, owner, name, descriptor);
		if (isReflective(owner, name)) {
			this.method.reflects(owner.replace('/', '.') + "." + name);
		}
	}

	private static boolean isReflective(String owner, String name) {
		if (REFLECTIVE_TYPES.contains(owner)) {
			return true;
		}
		for (String prefix : REFLECTIVE_PREFIXES) {
			if (owner.startsWith(prefix)) {
				return true;
			}
		}
		return owner.equals("java/lang/Class") && REFLECTIVE_CLASS_MEMBERS.contains(name);
	}

}
