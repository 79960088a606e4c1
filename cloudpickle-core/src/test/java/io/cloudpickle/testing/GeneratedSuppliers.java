package io.cloudpickle.testing;

import java.util.function.Consumer;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Class files generated with ASM for tests: {@code name implements Supplier} whose
 * {@code get()} returns a constant, at a chosen class-file version. Different constants
 * give different bytes under the same name, which is how tests make "the same class,
 * changed".
 */
public final class GeneratedSuppliers {

	private GeneratedSuppliers() {
	}

	/** A {@code Supplier<String>} extending {@code Object}. */
	public static byte[] bytes(String className, int classFileVersion, String returns) {
		return bytes(className, classFileVersion, "java/lang/Object",
				"Ljava/lang/Object;Ljava/util/function/Supplier<Ljava/lang/String;>;", returns, null);
	}

	/**
	 * A {@code Supplier} extending {@code superName} (internal name); {@code extra}, if
	 * not null, may add members and code (frames are then computed).
	 */
	public static byte[] bytes(String className, int classFileVersion, String superName, String signature,
			String returns, Consumer<ClassWriter> extra) {
		String internal = className.replace('.', '/');
		ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ((extra != null) ? ClassWriter.COMPUTE_FRAMES : 0));
		cw.visit(classFileVersion, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internal, signature,
				superName, new String[] { "java/util/function/Supplier" });
		defaultConstructor(cw, superName);
		MethodVisitor get = cw.visitMethod(Opcodes.ACC_PUBLIC, "get", "()Ljava/lang/Object;", null, null);
		get.visitCode();
		get.visitLdcInsn(returns);
		get.visitInsn(Opcodes.ARETURN);
		get.visitMaxs(0, 0);
		get.visitEnd();
		if (extra != null) {
			extra.accept(cw);
		}
		cw.visitEnd();
		return cw.toByteArray();
	}

	/** Adds a public no-argument constructor that calls {@code superName}'s. */
	public static void defaultConstructor(ClassWriter cw, String superName) {
		MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
		init.visitCode();
		init.visitVarInsn(Opcodes.ALOAD, 0);
		init.visitMethodInsn(Opcodes.INVOKESPECIAL, superName, "<init>", "()V", false);
		init.visitInsn(Opcodes.RETURN);
		init.visitMaxs(0, 0);
		init.visitEnd();
	}

}
