package io.cloudpickle.security;

import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import io.cloudpickle.PickleException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ways around {@code STRICT} that do without core reflection, each refused now: bean
 * expressions and statements, method and var handles, the JShell engine, service loaders
 * and compilers; a class loader reached through a subclass at any depth of the supertype
 * chain (refused from {@code STANDARD}); and the refusal names the method whose code is
 * refused.
 */
class StrictGatesTest {

	private static final String NAME = "gen.ok.Task";

	private static final ClassGates STANDARD = ClassGates.builder()
		.allowByValuePackages("gen")
		.bytecodeLevel(BytecodeLevel.STANDARD)
		.build();

	private static final ClassGates STRICT = ClassGates.builder()
		.allowByValuePackages("gen")
		.bytecodeLevel(BytecodeLevel.STRICT)
		.build();

	/**
	 * A class loader two levels below {@link ClassLoader}, on the receiver's class path.
	 */
	static class BaseLoader extends ClassLoader {

	}

	static class DeepLoader extends BaseLoader {

	}

	private static byte[] calling(Consumer<MethodVisitor> code) {
		return Generated.supplier(NAME, "x", Generated.method(code));
	}

	private static Consumer<MethodVisitor> newInstanceOf(String type) {
		return (mv) -> {
			mv.visitTypeInsn(Opcodes.NEW, type);
			mv.visitInsn(Opcodes.POP);
		};
	}

	private static Consumer<MethodVisitor> invokeStatic(String owner, String name, String descriptor) {
		return (mv) -> {
			for (Type arg : Type.getArgumentTypes(descriptor)) {
				mv.visitInsn((arg.getSort() == Type.OBJECT || arg.getSort() == Type.ARRAY) ? Opcodes.ACONST_NULL
						: Opcodes.ICONST_0);
			}
			mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, descriptor, false);
			if (Type.getReturnType(descriptor).getSize() == 1) {
				mv.visitInsn(Opcodes.POP);
			}
		};
	}

	private static void refusedByStrictOnly(byte[] classFile, String reason) {
		assertThatCode(() -> STANDARD.checkClassFile(NAME, classFile)).as("STANDARD: " + reason)
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> STRICT.checkClassFile(NAME, classFile)).as("STRICT: " + reason)
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("its bytecode is refused (bytecode level STRICT)")
			.hasMessageContaining("method run()V")
			.hasMessageContaining(reason);
	}

	@Test
	void beanExpressionsAndStatementsAreReflectionAndRefusedByStrict() {
		refusedByStrictOnly(calling(newInstanceOf("java/beans/Expression")), "java.beans.Expression");
		refusedByStrictOnly(calling(newInstanceOf("java/beans/Statement")), "java.beans.Statement");
		refusedByStrictOnly(calling(newInstanceOf("java/beans/XMLDecoder")), "java.beans.XMLDecoder");
	}

	@Test
	void handlesModulesServiceLoadersCompilersAndJShellAreRefusedByStrict() {
		refusedByStrictOnly(calling((mv) -> {
			mv.visitInsn(Opcodes.ACONST_NULL);
			mv.visitInsn(Opcodes.ACONST_NULL);
			mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/invoke/MethodHandle", "invokeWithArguments",
					"([Ljava/lang/Object;)Ljava/lang/Object;", false);
			mv.visitInsn(Opcodes.POP);
		}), "java.lang.invoke.MethodHandle");
		refusedByStrictOnly(calling(newInstanceOf("java/lang/invoke/VarHandle")), "java.lang.invoke.VarHandle");
		refusedByStrictOnly(calling(newInstanceOf("java/lang/Module")), "java.lang.Module");
		refusedByStrictOnly(calling(
				invokeStatic("java/util/ServiceLoader", "load", "(Ljava/lang/Class;)Ljava/util/ServiceLoader;")),
				"java.util.ServiceLoader");
		refusedByStrictOnly(calling(
				invokeStatic("javax/tools/ToolProvider", "getSystemJavaCompiler", "()Ljavax/tools/JavaCompiler;")),
				"javax.tools.ToolProvider");
		refusedByStrictOnly(calling(invokeStatic("jdk/jshell/JShell", "create", "()Ljdk/jshell/JShell;")),
				"jdk.jshell.JShell");
		refusedByStrictOnly(calling(invokeStatic("java/lang/System", "getProperties", "()Ljava/util/Properties;")),
				"java.lang.System.getProperties");
	}

	@Test
	void aClassLoaderAtAnyDepthOfTheSupertypeChainIsRefusedFromStandard() {
		String deep = DeepLoader.class.getName().replace('.', '/');
		byte[] classFile = Generated.supplier(NAME, deep, "x", null);
		for (ClassGates gates : new ClassGates[] { STANDARD, STRICT }) {
			assertThatThrownBy(() -> gates.checkClassFile(NAME, classFile)).isInstanceOf(PickleException.class)
				.hasMessageContaining(
						"extends " + DeepLoader.class.getName() + ", a subclass of java.lang.ClassLoader");
		}
		// One level up from a class that is not a loader stays allowed.
		assertThatCode(
				() -> STANDARD.checkClassFile(NAME, Generated.supplier(NAME, "java/util/AbstractList", "x", null)))
			.doesNotThrowAnyException();
	}

	@Test
	void theRefusalNamesTheMethodWhoseCodeIsRefused() {
		assertThatThrownBy(
				() -> STANDARD.checkClassFile(NAME, calling(invokeStatic("java/lang/System", "exit", "(I)V"))))
			.hasMessageContaining("method run()V calls or reads java.lang.System.exit");
	}

}
