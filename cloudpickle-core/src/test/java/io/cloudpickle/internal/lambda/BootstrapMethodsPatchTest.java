package io.cloudpickle.internal.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

import com.acme.analytics.plain.PlainLambdas;
import com.acme.analytics.plain.Shapes;
import com.acme.analytics.plain.Tasks;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The rewrite that makes lambdas serializable patches only the constant pool and the
 * BootstrapMethods attribute: checked with ASM on the patched bytes, and by defining the
 * patched class and running its lambdas.
 */
class BootstrapMethodsPatchTest {

	private static final String FACTORY = "java/lang/invoke/LambdaMetafactory";

	@Test
	void everyLambdaMetafactorySiteBecomesASerializableAltMetafactorySite() throws Exception {
		byte[] original = bytesOf(PlainLambdas.class);
		List<String> before = bootstraps(original);
		assertThat(before).contains("metafactory");

		byte[] patched = BootstrapMethodsPatch.patch(original);

		assertThat(patched).isNotNull();
		List<String> after = bootstraps(patched);
		assertThat(after).hasSameSizeAs(before).allMatch((site) -> site.equals("altMetafactory serializable"));
		assertThat(methodsOf(patched)).isEqualTo(methodsOf(original));
		assertThat(BootstrapMethodsPatch.patch(patched)).as("a second rewrite changes nothing").isNull();
	}

	@Test
	void thePatchedClassDefinesAndItsLambdasAreSerializableAndRunTheirOwnCode() throws Exception {
		Class<?> patched = defineRewritten(PlainLambdas.class);
		Function<Integer, Integer> times = apply(patched, "times", 3);
		Function<Integer, Integer> timesPlusOne = apply(patched, "timesPlusOne", 3);
		assertThat(times).isInstanceOf(Serializable.class);
		assertThat(times.apply(10)).isEqualTo(30);
		assertThat(timesPlusOne.apply(10)).isEqualTo(31);
		Supplier<?> newList = (Supplier<?>) patched.getMethod("newList").invoke(null);
		assertThat(newList).isInstanceOf(Serializable.class);
		assertThat(newList.get()).isEqualTo(new ArrayList<>());
	}

	@Test
	void interfacesThatCreateLambdasArePatchedToo() throws Exception {
		Class<?> patched = defineRewritten(Shapes.class);
		Function<Integer, Integer> square = apply(patched, "square");
		assertThat(square).isInstanceOf(Serializable.class);
		assertThat(square.apply(7)).isEqualTo(49);
	}

	@Test
	void altMetafactorySitesWithoutTheSerializableFlagGetItAndKeepTheirMarkers() throws Exception {
		byte[] original = bytesOf(Markers.class);
		assertThat(bootstraps(original)).containsExactly("altMetafactory");
		Class<?> patched = define(Markers.class.getName(), BootstrapMethodsPatch.patch(original));
		Method factory = patched.getMethod("cloneableIdentity");
		factory.setAccessible(true);
		Object lambda = factory.invoke(null);
		assertThat(lambda).isInstanceOf(Serializable.class).isInstanceOf(Cloneable.class);
	}

	@Test
	void classesWithoutLambdasAreLeftAloneEvenWithOtherInvokedynamicSites() throws IOException {
		byte[] record = bytesOf(Tasks.Step.class);
		assertThat(bootstraps(record)).as("a record's ObjectMethods bootstrap").isEmpty();
		assertThat(BootstrapMethodsPatch.patch(record)).isNull();
		assertThat(BootstrapMethodsPatch.patch(bytesOf(NoLambda.class))).isNull();
	}

	@Test
	void serializableLambdasAreLeftAlone() throws IOException {
		assertThat(BootstrapMethodsPatch.patch(bytesOf(SerializableOnly.class))).isNull();
	}

	@Test
	void truncatedOrCorruptClassFilesAreRefusedAsIllegalArguments() throws IOException {
		byte[] original = bytesOf(PlainLambdas.class);
		for (int length = 0; length < original.length; length++) {
			byte[] truncated = Arrays.copyOf(original, length);
			assertThatIllegalArgumentException().as("truncated to %d bytes", length)
				.isThrownBy(() -> BootstrapMethodsPatch.patch(truncated));
		}
		Random random = new Random(42);
		for (int i = 0; i < 5_000; i++) {
			byte[] corrupt = original.clone();
			corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
			try {
				BootstrapMethodsPatch.patch(corrupt);
			}
			catch (IllegalArgumentException expected) {
				// refused: the caller keeps the bytes as they are
			}
		}
	}

	/** A lambda with a marker interface: javac bootstraps it through altMetafactory. */
	static final class Markers {

		public static Object cloneableIdentity() {
			return (Function<Integer, Integer> & Cloneable) (x) -> x;
		}

	}

	/** Only a javac-serializable lambda. */
	static final class SerializableOnly {

		static Object identity() {
			return (Function<Integer, Integer> & Serializable) (x) -> x;
		}

	}

	/** A string concatenation (an invokedynamic site) and no lambda. */
	static final class NoLambda {

		static String greet(String name) {
			return "hello " + name;
		}

	}

	@SuppressWarnings("unchecked")
	private static Function<Integer, Integer> apply(Class<?> type, String method, Object... arguments)
			throws Exception {
		for (Method m : type.getMethods()) {
			if (m.getName().equals(method) && m.getParameterCount() == arguments.length) {
				return (Function<Integer, Integer>) m.invoke(null, arguments);
			}
		}
		throw new AssertionError("no method " + method);
	}

	private static Class<?> defineRewritten(Class<?> type) throws IOException {
		return define(type.getName(), BootstrapMethodsPatch.patch(bytesOf(type)));
	}

	/** Defines one class from the given bytes in a loader of its own. */
	private static Class<?> define(String name, byte[] bytes) {
		assertThat(bytes).as("patched bytes of " + name).isNotNull();
		ClassLoader loader = new ClassLoader(BootstrapMethodsPatchTest.class.getClassLoader()) {
			@Override
			protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
				if (className.equals(name)) {
					synchronized (getClassLoadingLock(className)) {
						Class<?> loaded = findLoadedClass(className);
						return (loaded != null) ? loaded : defineClass(className, bytes, 0, bytes.length);
					}
				}
				return super.loadClass(className, resolve);
			}
		};
		try {
			Class<?> defined = loader.loadClass(name);
			assertThat(defined.getClassLoader()).isSameAs(loader);
			return defined;
		}
		catch (ClassNotFoundException ex) {
			throw new AssertionError(ex);
		}
	}

	private static byte[] bytesOf(Class<?> type) throws IOException {
		String resource = type.getName().replace('.', '/') + ".class";
		try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
			return in.readAllBytes();
		}
	}

	/**
	 * The LambdaMetafactory bootstrap of every invokedynamic instruction: its method
	 * name, and "serializable" when it carries that flag.
	 */
	private static List<String> bootstraps(byte[] classFile) {
		List<String> sites = new ArrayList<>();
		new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
			@Override
			public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
					String[] exceptions) {
				return new MethodVisitor(Opcodes.ASM9) {
					@Override
					public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
							Object... arguments) {
						if (bootstrap.getOwner().equals(FACTORY)) {
							boolean serializable = bootstrap.getName().equals("altMetafactory")
									&& (((Integer) arguments[3]) & 1) != 0;
							sites.add(bootstrap.getName() + (serializable ? " serializable" : ""));
						}
					}
				};
			}
		}, 0);
		return sites;
	}

	/** Each method's name, descriptor and instructions, as ASM reads them. */
	private static List<String> methodsOf(byte[] classFile) {
		List<String> methods = new ArrayList<>();
		new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
			@Override
			public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
					String[] exceptions) {
				methods.add(name + descriptor);
				return new MethodVisitor(Opcodes.ASM9) {
					@Override
					public void visitInsn(int opcode) {
						methods.add(name + " " + opcode);
					}

					@Override
					public void visitVarInsn(int opcode, int varIndex) {
						methods.add(name + " " + opcode + " " + varIndex);
					}

					@Override
					public void visitMethodInsn(int opcode, String owner, String methodName, String methodDescriptor,
							boolean isInterface) {
						methods.add(name + " " + opcode + " " + owner + "." + methodName + methodDescriptor);
					}

					@Override
					public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
							Object... arguments) {
						methods.add(name + " indy " + indyName + indyDescriptor + " " + arguments[0] + " "
								+ arguments[1] + " " + arguments[2]);
					}
				};
			}
		}, 0);
		return methods;
	}

}
