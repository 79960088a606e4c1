package io.cloudpickle.internal.lambda;

/**
 * Rewrites a class file so that every lambda and method reference it creates is
 * serializable: each {@code invokedynamic} bootstrapped by
 * {@code LambdaMetafactory.metafactory} becomes {@code altMetafactory} with
 * {@code FLAG_SERIALIZABLE}, and existing {@code altMetafactory} sites get the flag
 * added. Only the constant pool and the {@code BootstrapMethods} attribute change (see
 * {@link BootstrapMethodsPatch}): call sites keep their descriptors and instructions, so
 * methods, frames and offsets are left as they were, and no method is added: the engine
 * rebuilds lambdas through {@code LambdaMetafactory} itself, not through javac's
 * {@code $deserializeLambda$}.
 * <p>
 * The same rewrite runs in the agent (on the sender's live classes) and in the receiver's
 * class loader (on classes received by value), so lambdas created on either side can
 * travel on. It depends on nothing but the JDK, so the agent carries it alone.
 */
public final class SerializableLambdaRewriter {

	/** {@code LambdaMetafactory.FLAG_SERIALIZABLE}. */
	static final int FLAG_SERIALIZABLE = 1;

	private SerializableLambdaRewriter() {
	}

	/**
	 * The rewritten class file, or null when the class creates no lambda that is not
	 * serializable already (then the caller keeps the original bytes).
	 * @throws IllegalArgumentException if the bytes are not a class file that can be read
	 */
	public static byte[] rewrite(byte[] classFile) {
		return BootstrapMethodsPatch.patch(classFile);
	}

}
