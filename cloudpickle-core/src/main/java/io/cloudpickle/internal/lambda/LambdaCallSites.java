package io.cloudpickle.internal.lambda;

import java.util.ArrayList;
import java.util.List;

import io.cloudpickle.internal.scan.MethodBodies;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The {@code LambdaMetafactory} call sites of one class file: what javac wrote for each
 * lambda and method reference (functional interface, SAM, implementation, captured
 * types). Scanned with ASM once per capturing class.
 */
final class LambdaCallSites {

	private static final String FACTORY = "java/lang/invoke/LambdaMetafactory";

	/**
	 * One call site.
	 *
	 * @param samName the functional interface's method name
	 * @param factoryDescriptor the indy descriptor: captured types, and the functional
	 * interface as return type
	 * @param arguments the bootstrap arguments (SAM type, implementation handle,
	 * instantiated type, then altMetafactory's flags and extras)
	 */
	record Site(String samName, String factoryDescriptor, Object[] arguments) {

		Handle implementation() {
			return (Handle) this.arguments[1];
		}

		/** Two sites that build the same lambda from the same captures are one. */
		String key() {
			StringBuilder key = new StringBuilder(this.samName).append(this.factoryDescriptor);
			for (Object argument : this.arguments) {
				key.append(' ').append(argument);
			}
			return key.toString();
		}

	}

	private LambdaCallSites() {
	}

	static List<Site> of(byte[] classFile) {
		List<Site> sites = new ArrayList<>();
		MethodBodies.visit(classFile, new MethodVisitor(Opcodes.ASM9) {
			@Override
			public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
					Object... arguments) {
				if (FACTORY.equals(bootstrap.getOwner()) && arguments.length >= 3 && arguments[1] instanceof Handle) {
					sites.add(new Site(indyName, indyDescriptor, arguments.clone()));
				}
			}
		});
		return sites;
	}

}
