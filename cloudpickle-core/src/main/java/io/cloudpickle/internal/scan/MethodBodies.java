package io.cloudpickle.internal.scan;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The instructions of every method of a class file, for scans that look at code only. */
public final class MethodBodies {

	private MethodBodies() {
	}

	/**
	 * Feeds the code of every method of {@code classFile} to {@code code}, one method
	 * after another; debug information and stack map frames are skipped.
	 */
	public static void visit(byte[] classFile, MethodVisitor code) {
		new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
			@Override
			public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
					String[] exceptions) {
				return code;
			}
		}, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
	}

}
