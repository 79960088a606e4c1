package io.cloudpickle.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cloudpickle.internal.lambda.SerializableLambdaRewriter;

/**
 * Makes the lambdas of the classes in scope serializable as the classes load. A class the
 * rewrite cannot handle loads unchanged (its lambdas stay plain); the first such failure
 * is reported once on standard error, never thrown into class loading.
 */
final class LambdaTransformer implements ClassFileTransformer {

	private final RewriteScope scope;

	private final AtomicBoolean warned = new AtomicBoolean();

	LambdaTransformer(RewriteScope scope) {
		this.scope = scope;
	}

	@Override
	public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
			ProtectionDomain protectionDomain, byte[] classfileBuffer) {
		if (classBeingRedefined != null || !this.scope.includes(module, loader, className)) {
			return null;
		}
		try {
			return SerializableLambdaRewriter.rewrite(classfileBuffer);
		}
		catch (RuntimeException | LinkageError ex) {
			if (this.warned.compareAndSet(false, true)) {
				System.err
					.println("cloudpickle-agent: left " + className + " unchanged (its lambdas stay plain): " + ex);
			}
			return null;
		}
	}

}
