package io.cloudpickle.robustness;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import com.example.fixtures.Task;
import com.example.fixtures.graph.GraphTasks;
import io.cloudpickle.ClassSpace;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.internal.classtable.BundleLoaders;
import io.cloudpickle.internal.classtable.ShippedClass;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.scan.ClassFile;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hand-built hostile payloads (docs/FORMAT.md §17): each used to exhaust memory, the
 * stack or the class space; each must now give a {@link PickleException} quickly.
 */
class HostilePayloadTest {

	private static final int TAG_NULL = 0;

	private static final int TAG_CLASS = 13;

	private static final int TAG_OBJECT_ARRAY = 16;

	private final Pickler pickler = Pickler.builder().useGlobalRegistry(false).build();

	/**
	 * {@code Object[]} as a class entry: {@code ARRAY}, 1 dimension, well-known id 0x19.
	 */
	private static final byte[] OBJECT_ARRAY = { 0x02, 0x01, 0x19 };

	/**
	 * Header, empty bundle, the given classes as {@code NAMED} class entries, each with a
	 * package of its own (docs/FORMAT.md §4); the caller appends the graph.
	 */
	private static ByteSink payload(String... classNames) {
		ByteSink out = header(classNames.length);
		for (int i = 0; i < classNames.length; i++) {
			String name = classNames[i];
			int dot = name.lastIndexOf('.');
			out.writeByte(0x00);
			out.writeVarInt(i);
			out.writeUtf8((dot < 0) ? "" : name.substring(0, dot));
			out.writeUtf8(name.substring(dot + 1));
		}
		return out;
	}

	/** Header, empty bundle, the given class entries as they are. */
	private static ByteSink payload(byte[] entry) {
		ByteSink out = header(1);
		out.writeBytes(entry);
		return out;
	}

	private static ByteSink header(int classes) {
		ByteSink out = new ByteSink(1024);
		out.writeBytes("CPKL".getBytes(StandardCharsets.US_ASCII));
		out.writeByte(2);
		out.writeByte(0);
		out.writeVarInt(17);
		out.writeVarInt(0);
		out.writeVarInt(0);
		out.writeVarInt(classes);
		return out;
	}

	@Test
	void nestedArrayHeadersWhoseCountsAddUpToMoreThanThePayloadAreRefusedBeforeAllocating() {
		ByteSink out = payload(OBJECT_ARRAY);
		// 200,000 nested headers, each claiming 100,000 elements: each claim alone fits
		// the remaining bytes.
		for (int i = 0; i < 200_000; i++) {
			out.writeByte(TAG_OBJECT_ARRAY);
			out.writeVarInt(0);
			out.writeVarInt(100_000);
		}
		byte[] bytes = out.toByteArray();
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThatThrownBy(() -> this.pickler.loads(bytes)).isInstanceOf(PickleException.class)
					.hasMessageContaining("claim"));
	}

	@Test
	void arrayClassNamesNestedInsideElementNamesAreRefusedNotRecursedInto() {
		// an array entry's element cannot be an array entry again
		ByteSink nested = payload(new byte[] { 0x02, 0x01, 0x02, 0x01, 0x14 });
		nested.writeByte(TAG_CLASS);
		nested.writeVarInt(0);
		nested.writeVarInt(0); // no JShell variables
		byte[] nestedBytes = nested.toByteArray();
		assertThatThrownBy(() -> this.pickler.loads(nestedBytes)).isInstanceOf(PickleException.class)
			.hasMessageContaining("an array whose element is again an array");
		// nor can a named class smuggle in an array name
		String name = "[L".repeat(20_000) + "I" + ";".repeat(20_000);
		ByteSink out = payload(name);
		out.writeByte(TAG_CLASS);
		out.writeVarInt(0);
		out.writeVarInt(0); // no JShell variables
		byte[] bytes = out.toByteArray();
		assertThatThrownBy(() -> this.pickler.loads(bytes)).isInstanceOf(PickleException.class)
			.hasMessageContaining("is not a simple binary name");
	}

	@Test
	void overlongVarintsAreRefused() {
		ByteSink out = payload();
		out.writeByte(TAG_NULL);
		out.writeVarInt(0); // no JShell variables
		byte[] good = out.toByteArray();
		assertThat(this.pickler.loads(good)).isNull();
		// the same payload with the class count (0) written in five bytes instead of one
		byte[] overlong = new byte[good.length + 4];
		int classCountAt = 4 + 1 + 1 + 1 + 1 + 1;
		System.arraycopy(good, 0, overlong, 0, classCountAt);
		overlong[classCountAt] = (byte) 0x80;
		overlong[classCountAt + 1] = (byte) 0x80;
		overlong[classCountAt + 2] = (byte) 0x80;
		overlong[classCountAt + 3] = (byte) 0x80;
		overlong[classCountAt + 4] = 0;
		System.arraycopy(good, classCountAt + 1, overlong, classCountAt + 5, good.length - classCountAt - 1);
		assertThatThrownBy(() -> this.pickler.loads(overlong)).isInstanceOf(PickleException.class)
			.hasMessageContaining("overlong");
		// bits beyond 32 in the fifth byte would wrap round to 0: refused too
		byte[] wrapping = overlong.clone();
		wrapping[classCountAt + 4] = 0x10;
		assertThatThrownBy(() -> this.pickler.loads(wrapping)).isInstanceOf(PickleException.class);
	}

	@Test
	void theClassSpaceStaysWithinItsBoundsWhenEveryBundleSharesAClass() {
		BundleLoaders space = new BundleLoaders(2, 10, 5, ClassSpace.DEFAULT_MAX_BYTES);
		ShippedClass shared = shipped("gen.Shared", 0);
		for (int i = 0; i < 1_000; i++) {
			space.install(List.of(shared, shipped("gen.Unique" + i, i)), getClass().getClassLoader());
			BundleLoaders.Counts counts = space.counts();
			assertThat(counts.loaders()).isLessThanOrEqualTo(2);
			assertThat(counts.classes()).isLessThanOrEqualTo(10);
			assertThat(space.bundles()).hasSize(counts.loaders());
		}
		assertThat(space.counts().evictions()).isGreaterThan(0);
	}

	@Test
	void aClassNameWithControlCharactersIsRefusedWithoutEchoingIt() {
		String forged = "com.acme.Job\u001b[31mFAKE LOG LINE\u0000";
		byte[] bytes = payload(forged).toByteArray();
		assertThatThrownBy(() -> this.pickler.loads(bytes)).isInstanceOf(PickleException.class)
			// the simple name "Job\u001b[31m...": index 3
			.hasMessageContaining("a simple class name of 22 chars holds the unprintable character U+001B at index 3")
			.satisfies((e) -> assertThat(e.getMessage()).doesNotContain("FAKE").doesNotContain("\u001b"));
	}

	@Test
	void aClassNameWithControlCharactersInsideANestedJavaStreamIsRefusedWithoutEchoingIt() throws Exception {
		ByteArrayOutputStream javaStream = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(javaStream)) {
			out.writeObject(new BitSet());
		}
		byte[] stream = javaStream.toByteArray();
		byte[] name = "java.util.BitSet".getBytes(StandardCharsets.US_ASCII);
		int at = indexOf(stream, name);
		assertThat(at).isPositive();
		stream[at + 13] = 0x1b; // "java.util.Bit\u001bet": same length, so the stream
								// stays well formed
		ByteSink payload = payload();
		payload.writeByte(21); // JDK record
		payload.writeVarInt(stream.length);
		payload.writeBytes(stream);
		payload.writeVarInt(0); // no handles
		payload.writeVarInt(0); // no JShell variables
		byte[] bytes = payload.toByteArray();
		assertThatThrownBy(() -> this.pickler.loads(bytes)).isInstanceOf(PickleException.class)
			.hasMessageContaining("unprintable character U+001B at index 13")
			.satisfies((e) -> assertThat(e.getMessage()).doesNotContain("java.util.Bit"));
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		for (int i = 0; i + needle.length <= haystack.length; i++) {
			if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void theClassSpaceKeepsItsClassFilesWithinItsByteBound() {
		ShippedClass probe = shipped("gen.Big0", 0);
		// room for about 20 classes, whatever the count bounds say
		long maxBytes = 20L * probe.bytes().length;
		BundleLoaders space = new BundleLoaders(1_000, 100_000, 1, maxBytes);
		for (int i = 0; i < 1_000; i++) {
			space.install(List.of(shipped("gen.Big" + i, i)), getClass().getClassLoader());
			assertThat(space.counts().classBytes()).isLessThanOrEqualTo(maxBytes);
		}
		assertThat(space.counts().loaders()).isBetween(15, 20);
		assertThat(space.counts().evictions()).isGreaterThan(900);
	}

	private static ShippedClass shipped(String name, int variant) {
		ClassWriter cw = new ClassWriter(0);
		cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/lang/Object", null);
		cw.visitField(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "VARIANT", "I", null, variant)
			.visitEnd();
		cw.visitEnd();
		byte[] bytes = cw.toByteArray();
		return new ShippedClass(name, ClassFile.sha256(bytes), bytes);
	}

	/**
	 * A fuzzed payload (kept in the regression corpus) names the receiver's own capturing
	 * class by reference but ships a same-named copy of the lambda's functional
	 * interface. Lambda factories were cached per capturing class under the interface's
	 * name, so the factory spun for the copy then served every later load of that lambda
	 * in the JVM, by any pickler: a legitimate payload failed with a ClassCastException.
	 * Factories are now keyed by the classes themselves.
	 */
	@Test
	void aLambdaFactorySpunForSameNamedCopiesDoesNotServeTheOriginals() throws Exception {
		byte[] hostile;
		try (InputStream in = HostilePayloadTest.class
			.getResourceAsStream("LoadsFuzzTestInputs/loads/cov-7a70a4dcb724")) {
			hostile = in.readAllBytes();
		}
		assertThatThrownBy(() -> SeedPayloads.receiver().loads(hostile)).isInstanceOf(PickleException.class)
			.hasMessageStartingWith("cannot rebuild lambda com.example.fixtures.graph.GraphTasks.");
		Pickler pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
		Task<String> original = GraphTasks.describe(List.of(1));
		Object task = pickler.loads(pickler.dumps(original));
		assertThat(task).isInstanceOf(Task.class);
		assertThat(((Task<?>) task).call()).isEqualTo(original.call());
	}

}
