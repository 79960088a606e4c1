package io.cloudpickle.security;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.Attribute;
import org.objectweb.asm.ByteVector;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import io.cloudpickle.ClassFilter;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.ClassSpace;
import io.cloudpickle.internal.scan.ClassFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The structural check and the member deny-lists of each {@link BytecodeLevel}, on
 * classes generated with ASM.
 */
class BytecodeLevelTest {

	private static final String NAME = "gen.ok.Task";

	private static final ClassGates NONE = gates(BytecodeLevel.NONE);

	private static final ClassGates STANDARD = gates(BytecodeLevel.STANDARD);

	private static final ClassGates STRICT = gates(BytecodeLevel.STRICT);

	private static ClassGates gates(BytecodeLevel level) {
		return ClassGates.builder().allowByValuePackages("gen").bytecodeLevel(level).build();
	}

	private static byte[] calling(Consumer<MethodVisitor> code) {
		return Generated.supplier(NAME, "x", Generated.method(code));
	}

	private static Consumer<MethodVisitor> invokeStatic(String owner, String name, String descriptor) {
		return (mv) -> {
			Type[] args = Type.getArgumentTypes(descriptor);
			for (Type arg : args) {
				switch (arg.getSort()) {
					case Type.INT, Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT -> mv.visitInsn(Opcodes.ICONST_0);
					case Type.LONG -> mv.visitInsn(Opcodes.LCONST_0);
					default -> mv.visitInsn(Opcodes.ACONST_NULL);
				}
			}
			mv.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, descriptor, false);
			int size = Type.getReturnType(descriptor).getSize();
			if (size == 1) {
				mv.visitInsn(Opcodes.POP);
			}
			else if (size == 2) {
				mv.visitInsn(Opcodes.POP2);
			}
		};
	}

	private static Consumer<MethodVisitor> invokeVirtual(String owner, String name, String descriptor) {
		return (mv) -> {
			mv.visitInsn(Opcodes.ACONST_NULL);
			mv.visitTypeInsn(Opcodes.CHECKCAST, owner);
			for (Type arg : Type.getArgumentTypes(descriptor)) {
				mv.visitInsn(arg.getSort() == Type.BOOLEAN || arg.getSort() == Type.INT ? Opcodes.ICONST_0
						: Opcodes.ACONST_NULL);
			}
			mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, owner, name, descriptor, false);
			if (Type.getReturnType(descriptor).getSize() == 1) {
				mv.visitInsn(Opcodes.POP);
			}
		};
	}

	private static void refusedFrom(ClassGates lowestRefusing, byte[] classFile, String reason) {
		for (ClassGates gates : new ClassGates[] { NONE, STANDARD, STRICT }) {
			boolean refused = lowestRefusing != null
					&& gates.bytecodeLevel().compareTo(lowestRefusing.bytecodeLevel()) >= 0;
			if (refused) {
				assertThatThrownBy(() -> gates.checkClassFile(NAME, classFile))
					.as(gates.bytecodeLevel() + ": " + reason)
					.isInstanceOf(PickleException.class)
					.hasMessageContaining("its bytecode is refused (bytecode level " + gates.bytecodeLevel() + ")")
					.hasMessageContaining(reason);
			}
			else {
				assertThatCode(() -> gates.checkClassFile(NAME, classFile)).as(gates.bytecodeLevel() + ": " + reason)
					.doesNotThrowAnyException();
			}
		}
	}

	@Test
	void aBenignClassPassesEveryLevel() {
		byte[] benign = calling((mv) -> {
			mv.visitLdcInsn("a");
			mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
			mv.visitInsn(Opcodes.POP);
			mv.visitLdcInsn(Type.getType("Ljava/util/ArrayList;"));
			mv.visitInsn(Opcodes.POP);
			mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
			mv.visitInsn(Opcodes.POP2);
		});
		refusedFrom(null, benign, "");
	}

	@Test
	void processExecutionIsRefusedFromStandard() {
		refusedFrom(STANDARD,
				calling(invokeVirtual("java/lang/Runtime", "exec", "(Ljava/lang/String;)Ljava/lang/Process;")),
				"java.lang.Runtime.exec");
		refusedFrom(STANDARD, calling((mv) -> {
			mv.visitTypeInsn(Opcodes.NEW, "java/lang/ProcessBuilder");
			mv.visitInsn(Opcodes.POP);
		}), "references java.lang.ProcessBuilder");
	}

	@Test
	void endingTheJvmIsRefusedFromStandard() {
		refusedFrom(STANDARD, calling(invokeStatic("java/lang/System", "exit", "(I)V")), "java.lang.System.exit");
		refusedFrom(STANDARD, calling(invokeVirtual("java/lang/Runtime", "halt", "(I)V")), "java.lang.Runtime.halt");
		// a method reference (a method handle constant) counts like a call
		refusedFrom(STANDARD, calling((mv) -> {
			mv.visitLdcInsn(new Handle(Opcodes.H_INVOKESTATIC, "java/lang/System", "exit", "(I)V", false));
			mv.visitInsn(Opcodes.POP);
		}), "java.lang.System.exit");
	}

	@Test
	void nativeCodeIsRefusedFromStandard() {
		refusedFrom(STANDARD,
				Generated.supplier(NAME, "x",
						(cw) -> cw
							.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_NATIVE, "poke", "(J)V",
									null, null)
							.visitEnd()),
				"declares native method poke(J)V");
		refusedFrom(STANDARD, calling(invokeStatic("java/lang/System", "loadLibrary", "(Ljava/lang/String;)V")),
				"java.lang.System.loadLibrary");
	}

	@Test
	void unsafeAndJdkInternalsAreRefusedFromStandard() {
		refusedFrom(STANDARD, calling((mv) -> {
			mv.visitFieldInsn(Opcodes.GETSTATIC, "sun/misc/Unsafe", "theUnsafe", "Lsun/misc/Unsafe;");
			mv.visitInsn(Opcodes.POP);
		}), "sun.misc.Unsafe");
		refusedFrom(STANDARD, calling((mv) -> {
			mv.visitLdcInsn(Type.getType("Ljdk/internal/misc/Unsafe;"));
			mv.visitInsn(Opcodes.POP);
		}), "jdk.internal.misc.Unsafe");
	}

	@Test
	void definingUnscannedCodeIsRefusedFromStandard() {
		refusedFrom(STANDARD,
				calling(invokeVirtual("java/lang/invoke/MethodHandles$Lookup", "defineClass", "([B)Ljava/lang/Class;")),
				"java.lang.invoke.MethodHandles$Lookup");
		refusedFrom(STANDARD, Generated.supplier(NAME, "java/lang/ClassLoader", "x", null),
				"extends java.lang.ClassLoader");
		refusedFrom(STANDARD, calling(invokeVirtual("java/lang/reflect/AccessibleObject", "setAccessible", "(Z)V")),
				"java.lang.reflect.AccessibleObject");
	}

	@Test
	void filesNetworkAndReflectionAreRefusedOnlyByStrict() {
		refusedFrom(STRICT, calling((mv) -> {
			mv.visitTypeInsn(Opcodes.NEW, "java/io/FileOutputStream");
			mv.visitInsn(Opcodes.POP);
		}), "java.io.FileOutputStream");
		refusedFrom(STRICT, calling(invokeStatic("java/nio/file/Files", "delete", "(Ljava/nio/file/Path;)V")),
				"java.nio.file.Files");
		refusedFrom(STRICT, calling((mv) -> {
			mv.visitTypeInsn(Opcodes.NEW, "java/net/Socket");
			mv.visitInsn(Opcodes.POP);
		}), "java.net.Socket");
		refusedFrom(STRICT,
				calling(invokeStatic("java/lang/Class", "forName", "(Ljava/lang/String;)Ljava/lang/Class;")),
				"java.lang.Class.forName");
		refusedFrom(STRICT,
				calling(invokeStatic("java/lang/System", "getenv", "(Ljava/lang/String;)Ljava/lang/String;")),
				"java.lang.System.getenv");
	}

	@Test
	void theStructuralCheckRunsAtEveryLevel() {
		byte[] good = Generated.supplier(NAME, "x", null);
		byte[] truncated = Arrays.copyOf(good, good.length / 2);
		for (ClassGates gates : new ClassGates[] { NONE, STANDARD, STRICT }) {
			assertThatThrownBy(() -> gates.checkClassFile(NAME, truncated)).isInstanceOf(PickleException.class)
				.hasMessageContaining("malformed");
			assertThatThrownBy(() -> gates.checkClassFile(NAME, new byte[] { 1, 2, 3 }))
				.isInstanceOf(PickleException.class);
			assertThatThrownBy(() -> gates.checkClassFile("gen.ok.Other", good)).isInstanceOf(PickleException.class)
				.hasMessageContaining("was shipped with the class file of gen.ok.Task");
		}
		byte[] unknownAttribute = Generated.supplier(NAME, "x", (cw) -> cw.visitAttribute(new Attribute("Mystery") {
			@Override
			protected ByteVector write(ClassWriter classWriter, byte[] code, int codeLength, int maxStack,
					int maxLocals) {
				return new ByteVector().putInt(42);
			}
		}));
		assertThatThrownBy(() -> NONE.checkClassFile(NAME, unknownAttribute))
			.hasMessageContaining("unknown class attribute Mystery");
		ClassWriter cw = new ClassWriter(0);
		cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_ABSTRACT, "gen/ok/Task", null,
				"java/lang/Object", null);
		cw.visitEnd();
		assertThatThrownBy(() -> NONE.checkClassFile(NAME, cw.toByteArray()))
			.hasMessageContaining("both final and abstract");
	}

	/**
	 * {@code checkClassFile(name, sha256, bytes)} trusts the caller's SHA-256 (the reader
	 * has verified it): a second class file under a SHA-256 already judged gets the
	 * cached verdict without a scan. Passing a SHA-256 that does not belong to the bytes
	 * makes the cache visible.
	 */
	@Test
	void verdictsAreCachedBySha256() {
		ClassGates gates = gates(BytecodeLevel.STANDARD);
		byte[] benign = Generated.supplier(NAME, "x", null);
		byte[] exit = calling(invokeStatic("java/lang/System", "exit", "(I)V"));
		byte[] benignSha = ClassFile.sha256(benign);
		assertThatThrownBy(() -> gates.checkClassFile(NAME, ClassFile.sha256(exit), exit))
			.hasMessageContaining("java.lang.System.exit");
		gates.checkClassFile(NAME, benignSha, benign);
		assertThatCode(() -> gates.checkClassFile(NAME, benignSha, exit)).as("the cached verdict of benignSha")
			.doesNotThrowAnyException();
		// a refusal is cached too: benign bytes under the refused class file's SHA-256
		// are refused
		assertThatThrownBy(() -> gates.checkClassFile(NAME, ClassFile.sha256(exit), benign))
			.hasMessageContaining("java.lang.System.exit");
	}

	/**
	 * SECURITY.md: "verdicts are cached by SHA-256, up to 10,000 entries". The 10,000th
	 * other verdict still leaves the first cached; the next one forgets it.
	 */
	@Test
	void theVerdictCacheIsBoundedAtTenThousandEntries() {
		ClassGates gates = gates(BytecodeLevel.STANDARD);
		byte[] benign = Generated.supplier(NAME, "x", null);
		byte[] exit = calling(invokeStatic("java/lang/System", "exit", "(I)V"));
		byte[] first = ClassFile.sha256(benign);
		gates.checkClassFile(NAME, first, benign);
		for (int i = 1; i < 10_000; i++) {
			gates.checkClassFile(NAME, otherSha(i), benign);
		}
		assertThatCode(() -> gates.checkClassFile(NAME, first, exit)).as("still cached after 10,000 entries")
			.doesNotThrowAnyException();
		gates.checkClassFile(NAME, otherSha(10_000), benign);
		assertThatThrownBy(() -> gates.checkClassFile(NAME, first, exit)).as("forgotten after the 10,001st")
			.hasMessageContaining("java.lang.System.exit");
	}

	private static byte[] otherSha(int i) {
		byte[] sha = new byte[32];
		sha[0] = 1;
		sha[1] = (byte) (i >>> 16);
		sha[2] = (byte) (i >>> 8);
		sha[3] = (byte) i;
		return sha;
	}

	/**
	 * A payload cannot exploit the cache: it claims the SHA-256 of a class file this
	 * receiver already approved but carries other bytes (refused ones, whose static
	 * initializer would leave a marker). The reader checks every class file against its
	 * SHA-256 before the bytecode check, so it is refused as corrupt and its code never
	 * runs.
	 */
	@Test
	void aPayloadClaimingTheSha256OfAnApprovedClassButCarryingOtherBytesIsCorrupt() throws Exception {
		String marker = "cloudpickle.test.marker.sha-swap";
		System.clearProperty(marker);
		Pickler sender = Pickler.builder()
			.useGlobalRegistry(false)
			.returnOwnClasses(false)
			.byValuePackages("gen")
			.build();
		Pickler receiver = Pickler.builder()
			.useGlobalRegistry(false)
			.returnOwnClasses(false)
			.classSpace(new ClassSpace(4, 100, 100))
			.classFilter(STANDARD)
			.build();
		byte[] approved = Generated.supplier(NAME, "approved", null);
		assertThat(((Supplier<?>) receiver.loads(sender.dumps(Generated.instance(NAME, approved)))).get())
			.isEqualTo("approved");

		byte[] forbidden = Generated.supplier(NAME, "forbidden", (cw) -> {
			Generated.marker(marker).accept(cw);
			Generated.instanceMethod(invokeStatic("java/lang/System", "exit", "(I)V")).accept(cw);
		});
		byte[] honest = sender.dumps(Generated.instance(NAME, forbidden));
		System.clearProperty(marker);
		assertThatThrownBy(() -> receiver.loads(honest)).as("the forbidden class under its own SHA-256")
			.hasMessageContaining("java.lang.System.exit");
		byte[] swapped = replaceOnce(honest, ClassFile.sha256(forbidden), ClassFile.sha256(approved));
		assertThatThrownBy(() -> receiver.loads(swapped)).isInstanceOf(PickleException.class)
			.hasMessage("payload is corrupt: the bytes of shipped class " + NAME + " do not match their SHA-256");
		assertThat(System.getProperty(marker)).as("the forbidden class's initializer ran").isNull();
	}

	/** The refusal of a class file altered in transit, word for word. */
	@Test
	void aClassFileThatDoesNotMatchItsSha256IsRefusedAsCorrupt() throws Exception {
		Pickler sender = Pickler.builder()
			.useGlobalRegistry(false)
			.returnOwnClasses(false)
			.byValuePackages("gen")
			.build();
		byte[] classFile = Generated.supplier(NAME, "original", null);
		byte[] payload = sender.dumps(Generated.instance(NAME, classFile));
		byte[] altered = replaceOnce(payload, "original".getBytes(StandardCharsets.UTF_8),
				"ORIGINAL".getBytes(StandardCharsets.UTF_8));
		for (ClassFilter filter : new ClassFilter[] { ClassFilter.DENY_KNOWN_GADGETS, NONE, STRICT }) {
			Pickler receiver = Pickler.builder()
				.useGlobalRegistry(false)
				.returnOwnClasses(false)
				.classSpace(new ClassSpace(4, 100, 100))
				.classFilter(filter)
				.build();
			assertThat(((Supplier<?>) receiver.loads(payload)).get()).isEqualTo("original");
			assertThatThrownBy(() -> receiver.loads(altered)).as(String.valueOf(filter))
				.isInstanceOf(PickleException.class)
				.hasMessage("payload is corrupt: the bytes of shipped class " + NAME + " do not match their SHA-256");
		}
	}

	private static byte[] replaceOnce(byte[] payload, byte[] find, byte[] replacement) {
		int at = -1;
		for (int i = 0; i + find.length <= payload.length; i++) {
			if (Arrays.equals(payload, i, i + find.length, find, 0, find.length)) {
				assertThat(at).as("found more than once").isEqualTo(-1);
				at = i;
			}
		}
		assertThat(at).as("found in the payload").isNotNegative();
		byte[] out = payload.clone();
		System.arraycopy(replacement, 0, out, at, replacement.length);
		return out;
	}

}
