package io.cloudpickle.internal.classtable;

import java.util.List;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Opcodes;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.policy.JShellClasses;

/**
 * Finds JShell wrapper classes that hold top-level variables (non-final static fields of
 * {@code REPL.$JShell$...}). Their values travel with each payload and are written into
 * the class's statics on loading, so two payloads of the same class must not share it:
 * each such bundle gets a loader of its own.
 */
final class JShellVariables {

	private JShellVariables() {
	}

	/**
	 * Whether any class of the bundle is a JShell wrapper class with a top-level
	 * variable.
	 */
	static boolean carriedBy(List<ShippedClass> bundle) {
		for (ShippedClass shipped : bundle) {
			if (JShellClasses.isWrapper(shipped.name()) && declaresVariable(shipped)) {
				return true;
			}
		}
		return false;
	}

	private static boolean declaresVariable(ShippedClass shipped) {
		boolean[] found = new boolean[1];
		try {
			new ClassReader(shipped.bytes()).accept(new ClassVisitor(Opcodes.ASM9) {
				@Override
				public FieldVisitor visitField(int access, String name, String descriptor, String signature,
						Object value) {
					if (JShellClasses.isVariable(access, (access & Opcodes.ACC_SYNTHETIC) != 0)) {
						found[0] = true;
					}
					return null;
				}
			}, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
		}
		catch (RuntimeException ex) {
			throw new PickleException("payload is corrupt: shipped class " + shipped.name() + " cannot be parsed", ex);
		}
		return found[0];
	}

}
