package io.cloudpickle.internal.lambda;

import java.nio.charset.StandardCharsets;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites a class file so that every lambda and method reference it creates is
 * serializable: each {@code invokedynamic} bootstrapped by
 * {@code LambdaMetafactory.metafactory} becomes {@code altMetafactory} with
 * {@code FLAG_SERIALIZABLE}, and existing {@code altMetafactory} sites get the flag
 * added. The call site's descriptor and the instruction's size do not change, so the rest
 * of the class (frames, offsets) is left as it was, and no method is added: the engine
 * rebuilds lambdas through {@code LambdaMetafactory} itself, not through javac's
 * {@code $deserializeLambda$}.
 * <p>
 * The same rewrite runs in the agent (on the sender's live classes) and in the receiver's
 * class loader (on classes received by value), so lambdas created on either side can
 * travel on. Depends on ASM only, so the agent can carry a relocated copy.
 */
public final class SerializableLambdaRewriter {

	/** {@code LambdaMetafactory.FLAG_SERIALIZABLE}, spelled out for the agent's copy. */
	static final int FLAG_SERIALIZABLE = 1;

	private static final String FACTORY = "java/lang/invoke/LambdaMetafactory";

	private static final String ALT_DESCRIPTOR = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
			+ "Ljava/lang/invoke/MethodType;[Ljava/lang/Object;)Ljava/lang/invoke/CallSite;";

	private static final Handle ALT_METAFACTORY = new Handle(Opcodes.H_INVOKESTATIC, FACTORY, "altMetafactory",
			ALT_DESCRIPTOR, false);

	private static final byte[] FACTORY_NAME = FACTORY.getBytes(StandardCharsets.US_ASCII);

	private SerializableLambdaRewriter() {
	}

	/**
	 * The rewritten class file, or null when the class creates no lambda that is not
	 * serializable already (then the caller keeps the original bytes).
	 */
	public static byte[] rewrite(byte[] classFile) {
		if (!mentionsFactory(classFile)) {
			return null;
		}
		ClassReader reader = new ClassReader(classFile);
		ClassWriter writer = new ClassWriter(reader, 0);
		Rewriter rewriter = new Rewriter(writer);
		reader.accept(rewriter, 0);
		return rewriter.changed ? writer.toByteArray() : null;
	}

	/**
	 * A cheap filter: a class whose constant pool does not name LambdaMetafactory has no
	 * lambda (most classes), so it is not parsed at all.
	 */
	static boolean mentionsFactory(byte[] classFile) {
		byte[] needle = FACTORY_NAME;
		byte first = needle[0];
		int last = classFile.length - needle.length;
		outer: for (int i = 0; i <= last; i++) {
			if (classFile[i] != first) {
				continue;
			}
			for (int j = 1; j < needle.length; j++) {
				if (classFile[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

	/**
	 * The bootstrap arguments of a serializable call site for the given one, or null if
	 * it is one already or not a LambdaMetafactory site.
	 */
	static Object[] serializableArguments(Handle bootstrap, Object[] arguments) {
		if (!FACTORY.equals(bootstrap.getOwner())) {
			return null;
		}
		if ("metafactory".equals(bootstrap.getName()) && arguments.length == 3) {
			return new Object[] { arguments[0], arguments[1], arguments[2], FLAG_SERIALIZABLE };
		}
		if ("altMetafactory".equals(bootstrap.getName()) && arguments.length >= 4
				&& arguments[3] instanceof Integer flags && (flags & FLAG_SERIALIZABLE) == 0) {
			Object[] copy = arguments.clone();
			copy[3] = flags | FLAG_SERIALIZABLE;
			return copy;
		}
		return null;
	}

	private static final class Rewriter extends ClassVisitor {

		boolean changed;

		Rewriter(ClassVisitor next) {
			super(Opcodes.ASM9, next);
		}

		@Override
		public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
				String[] exceptions) {
			MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
			return new MethodVisitor(Opcodes.ASM9, next) {
				@Override
				public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
						Object... arguments) {
					Object[] serializable = serializableArguments(bootstrap, arguments);
					if (serializable == null) {
						super.visitInvokeDynamicInsn(indyName, indyDescriptor, bootstrap, arguments);
						return;
					}
					Rewriter.this.changed = true;
					super.visitInvokeDynamicInsn(indyName, indyDescriptor, ALT_METAFACTORY, serializable);
				}
			};
		}

	}

}
