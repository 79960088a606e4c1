package io.cloudpickle.testing;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Class files generated with ASM for tests: {@code name implements Supplier<String>} whose {@code get()} returns a
 * constant, at a chosen class-file version. Different constants give different bytes under the same name, which is
 * how tests make "the same class, changed".
 */
public final class GeneratedSuppliers {

	private GeneratedSuppliers() {
	}

	public static byte[] bytes(String className, int classFileVersion, String returns) {
		String internal = className.replace('.', '/');
		ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
		cw.visit(classFileVersion, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internal,
				"Ljava/lang/Object;Ljava/util/function/Supplier<Ljava/lang/String;>;", "java/lang/Object",
				new String[] { "java/util/function/Supplier" });
		MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
		init.visitCode();
		init.visitVarInsn(Opcodes.ALOAD, 0);
		init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
		init.visitInsn(Opcodes.RETURN);
		init.visitMaxs(0, 0);
		init.visitEnd();
		MethodVisitor get = cw.visitMethod(Opcodes.ACC_PUBLIC, "get", "()Ljava/lang/Object;", null, null);
		get.visitCode();
		get.visitLdcInsn(returns);
		get.visitInsn(Opcodes.ARETURN);
		get.visitMaxs(0, 0);
		get.visitEnd();
		cw.visitEnd();
		return cw.toByteArray();
	}

}
