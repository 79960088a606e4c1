package io.cloudpickle.internal.codec;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.example.fixtures.accessors.AccessorTasks;
import com.example.fixtures.accessors.Canonical;
import com.example.fixtures.accessors.Corpus;
import com.example.fixtures.accessors.Frozen;
import com.example.fixtures.accessors.FrozenChild;
import com.example.fixtures.accessors.Labelled;
import com.example.fixtures.accessors.Node;
import com.example.fixtures.accessors.Outer;
import com.example.fixtures.accessors.Primitives;
import com.example.fixtures.accessors.ShadowLeaf;
import com.example.fixtures.accessors.ShadowMiddle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;

import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.internal.codec.FieldAccessors.Mode;
import io.cloudpickle.testing.PerClassRemoteJvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The same graphs through generated field accessors, through reflection and through the
 * default (reflection, then generated after a few instances): the same payload bytes and
 * the same graphs back, here, in a shipped copy of the classes and in a second JVM that
 * never saw them; and reflection where the module system refuses a full-privilege lookup.
 */
class FieldAccessorsTest {

	private static final String PKG = "com.example.fixtures.accessors";

	/** The fixtures by value, the task interface and the describer included. */
	private static final String FIXTURES = "com.example.fixtures";

	@RegisterExtension
	static final PerClassRemoteJvm generatedChild = new PerClassRemoteJvm(
			List.of("-D" + FieldAccessors.PROPERTY + "=generated"));

	@RegisterExtension
	static final PerClassRemoteJvm reflectiveChild = new PerClassRemoteJvm(
			List.of("-D" + FieldAccessors.PROPERTY + "=reflective"));

	/** The corpus classes by reference. */
	private final Pickler byReference = Pickler.builder().build();

	/** The corpus classes by value; loading defines copies in a shipped class loader. */
	private final Pickler shipping = Pickler.builder().byValuePackages(PKG).returnOwnClasses(false).build();

	/** The default mode's threshold here, low enough to cross in a few rounds. */
	private static final int THRESHOLD = 40;

	private final Mode initialMode = FieldAccessors.mode;

	private final int initialThreshold = FieldAccessors.threshold;

	@BeforeEach
	void lowerTheThreshold() {
		FieldAccessors.threshold = THRESHOLD;
	}

	@AfterEach
	void restore() {
		FieldAccessors.mode = this.initialMode;
		FieldAccessors.threshold = this.initialThreshold;
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void byReferenceTheBytesAndTheGraphsAreThoseOfReflection(Mode mode) {
		Corpus corpus = Corpus.build();
		byte[] reference = reflectively(() -> this.byReference.dumps(corpus));
		String expected = reflectively(() -> (Corpus) this.byReference.loads(reference)).describe();
		FieldAccessors.mode = mode;
		int rounds = rounds(mode);
		for (int round = 0; round < rounds; round++) {
			byte[] payload = this.byReference.dumps(corpus);
			assertThat(payload).isEqualTo(reference);
			Corpus copy = (Corpus) this.byReference.loads(payload);
			if (round == 0 || round == rounds - 1) {
				assertThat(copy.describe()).isEqualTo(expected);
			}
			assertThat(this.byReference.dumps(copy)).isEqualTo(reference);
		}
		if (mode != Mode.REFLECTIVE) {
			for (Class<?> type : List.of(Corpus.class, Primitives.class, ShadowLeaf.class, ShadowMiddle.class,
					FrozenChild.class, Frozen.class, Node.class, Outer.class, Outer.Inner.class,
					corpusField(copyOf(corpus), "anonymous").getClass(), corpusField(corpus, "local").getClass(),
					corpusField(corpus, "independent").getClass(), Canonical.class)) {
				assertThat(ClassLayout.of(type).hasGeneratedAccessor()).as(type.getName()).isTrue();
			}
		}
	}

	@ParameterizedTest
	@EnumSource(Mode.class)
	void shippedCopiesInTheirOwnLoaderGetAccessorsAndGiveTheSameBytes(Mode mode) throws Exception {
		Corpus corpus = Corpus.build();
		byte[] reference = reflectively(() -> this.shipping.dumps(corpus));
		String expected = describeCopy(reflectively(() -> this.shipping.loads(reference)));
		FieldAccessors.mode = mode;
		Object copy = null;
		int rounds = rounds(mode);
		for (int round = 0; round < rounds; round++) {
			byte[] payload = this.shipping.dumps(corpus);
			assertThat(payload).isEqualTo(reference);
			copy = this.shipping.loads(payload);
			assertThat(copy.getClass().getClassLoader()).isNotSameAs(Corpus.class.getClassLoader());
			if (round == 0 || round == rounds - 1) {
				assertThat(describeCopy(copy)).isEqualTo(expected);
			}
		}
		byte[] again = this.shipping.dumps(copy);
		assertThat(this.shipping.loads(again).getClass()).isSameAs(copy.getClass());
		Object shippedPrimitives = corpusField(copy, "extremes");
		assertThat(shippedPrimitives.getClass().getName()).isEqualTo(Primitives.class.getName());
		if (mode != Mode.REFLECTIVE) {
			assertThat(ClassLayout.of(copy.getClass()).hasGeneratedAccessor()).isTrue();
			assertThat(ClassLayout.of(shippedPrimitives.getClass()).hasGeneratedAccessor()).isTrue();
		}
	}

	@ParameterizedTest
	@EnumSource(value = Mode.class, names = { "GENERATED", "REFLECTIVE" })
	void aSecondJvmThatNeverSawTheClassesRebuildsTheSameGraphEitherWay(Mode senderMode) {
		Corpus corpus = Corpus.build();
		String expected = copyOf(corpus).describe();
		Pickler sender = Pickler.builder().byValuePackages(FIXTURES).build();
		byte[] task = reflectively(() -> sender.dumps(AccessorTasks.describe(corpus)));
		byte[] graph = reflectively(() -> sender.dumps(corpus));
		FieldAccessors.mode = senderMode;
		assertThat(sender.dumps(AccessorTasks.describe(corpus))).isEqualTo(task);
		assertThat(sender.dumps(corpus)).isEqualTo(graph);
		assertThat(generatedChild.hasClass(Corpus.class.getName())).isFalse();
		assertThat(generatedChild.call(task)).isEqualTo(expected);
		assertThat(reflectiveChild.call(task)).isEqualTo(expected);
		// the child loads the graph and pickles it again (its classes now by value from
		// its shipped loader): both children write the same bytes
		byte[] generatedEcho = generatedChild.echo(graph);
		assertThat(generatedEcho).isEqualTo(reflectiveChild.echo(graph));
		assertThat(describeCopy(this.shipping.loads(generatedEcho))).isEqualTo(expected);
		byte[] probe = sender.dumps(AccessorTasks.usesGeneratedAccessor(Primitives.extremes()));
		assertThat(generatedChild.call(probe)).isEqualTo(true);
		assertThat(reflectiveChild.call(probe)).isEqualTo(false);
	}

	@Test
	void byDefaultAClassSwitchesToAGeneratedAccessorAfterTheThreshold() {
		FieldAccessors.mode = Mode.ADAPTIVE;
		ClassLayout layout = ClassLayout.of(SeenOften.class);
		for (int i = 1; i < THRESHOLD; i++) {
			assertThat(layout.accessor()).isInstanceOf(ReflectiveFieldAccessor.class);
		}
		assertThat(layout.hasGeneratedAccessor()).isFalse();
		FieldAccessor generated = layout.accessor();
		assertThat(generated).isNotInstanceOf(ReflectiveFieldAccessor.class);
		assertThat(generated.getClass().isHidden()).isTrue();
		assertThat(layout.hasGeneratedAccessor()).isTrue();
		assertThat(layout.accessor()).isSameAs(generated);
		FieldAccessors.mode = Mode.REFLECTIVE;
		assertThat(layout.accessor()).isInstanceOf(ReflectiveFieldAccessor.class);
		SeenOften value = new SeenOften();
		value.count = 3;
		value.name = "often";
		assertThat(this.byReference.loads(this.byReference.dumps(value))).usingRecursiveComparison().isEqualTo(value);
	}

	@Test
	void closureCleaningDropsTheSameUnreadOuterInstanceEitherWay() {
		Supplier<String> independent = new Outer("held").independent(3);
		byte[] reference = reflectively(() -> this.byReference.dumps(independent));
		FieldAccessors.mode = Mode.GENERATED;
		byte[] payload = this.byReference.dumps(independent);
		assertThat(payload).isEqualTo(reference);
		Object copy = this.byReference.loads(payload);
		assertThat(outerOf(copy)).isNull();
		assertThat(((Supplier<?>) copy).get()).isEqualTo("independent/9/27");
		Pickler keeping = Pickler.builder().cleanClosures(false).build();
		Object kept = keeping.loads(keeping.dumps(independent));
		assertThat(outerOf(kept)).isNotNull();
		assertThat(ClassLayout.of(independent.getClass()).hasGeneratedAccessor()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(value = Mode.class, names = { "GENERATED", "REFLECTIVE" })
	void aWrongTypeForAFieldIsRefusedWithTheClassAndTheField(Mode mode) {
		FieldAccessors.mode = mode;
		byte[] payload = this.byReference.dumps(new Labelled("\u00b5"));
		// the short string "µ" (tag, header, byte) becomes the int 64 (tag, zig-zag
		// varint)
		byte[] shortString = { (byte) Tag.SHORT_STRING.code, 3, (byte) 0xb5 };
		int at = indexOf(payload, shortString);
		assertThat(at).isPositive();
		payload[at] = (byte) Tag.INT.code;
		payload[at + 1] = (byte) 0x80;
		payload[at + 2] = 0x01;
		assertThatThrownBy(() -> this.byReference.loads(payload)).isInstanceOf(PickleException.class)
			.hasMessageContaining("cannot set field text of " + Labelled.class.getName() + " to a java.lang.Integer");
	}

	@Test
	void aPackageTheModuleSystemDoesNotOpenKeepsReflection(@TempDir Path dir) throws Exception {
		Class<?> exposed = exportedButNotOpen(dir);
		Object value = exposed.getConstructor().newInstance();
		exposed.getField("count").setInt(value, 41);
		exposed.getField("label").set(value, "closed");
		exposed.getField("weights").set(value, new double[] { 0.5, -1 });
		Pickler pickler = Pickler.builder().classLoader(exposed.getClassLoader()).build();
		byte[] reference = reflectively(() -> pickler.dumps(value));
		FieldAccessors.mode = Mode.GENERATED;
		byte[] payload = pickler.dumps(value);
		assertThat(payload).isEqualTo(reference);
		Object copy = pickler.loads(payload);
		assertThat(copy).isNotSameAs(value);
		assertThat(exposed.getField("count").getInt(copy)).isEqualTo(41);
		assertThat(exposed.getField("label").get(copy)).isEqualTo("closed");
		assertThat((double[]) exposed.getField("weights").get(copy)).containsExactly(0.5, -1);
		assertThat(ClassLayout.of(exposed).hasGeneratedAccessor()).isFalse();
	}

	/**
	 * A public class with public fields in package {@code closedpkg} of a named module
	 * that exports the package but does not open it: its fields are accessible, a
	 * full-privilege lookup into it is not.
	 */
	private static Class<?> exportedButNotOpen(Path dir) throws Exception {
		ClassWriter module = new ClassWriter(0);
		module.visit(Opcodes.V17, Opcodes.ACC_MODULE, "module-info", null, null, null);
		ModuleVisitor mv = module.visitModule("fixture.closed", 0, null);
		mv.visitRequire("java.base", Opcodes.ACC_MANDATED, null);
		mv.visitExport("closedpkg", 0);
		mv.visitPackage("closedpkg");
		mv.visitEnd();
		module.visitEnd();
		Files.write(dir.resolve("module-info.class"), module.toByteArray());
		ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
		cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "closedpkg/Exposed", null, "java/lang/Object",
				null);
		cw.visitField(Opcodes.ACC_PUBLIC, "count", "I", null, null).visitEnd();
		cw.visitField(Opcodes.ACC_PUBLIC, "label", "Ljava/lang/String;", null, null).visitEnd();
		cw.visitField(Opcodes.ACC_PUBLIC, "weights", "[D", null, null).visitEnd();
		MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
		init.visitCode();
		init.visitVarInsn(Opcodes.ALOAD, 0);
		init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
		init.visitInsn(Opcodes.RETURN);
		init.visitMaxs(0, 0);
		init.visitEnd();
		cw.visitEnd();
		Files.createDirectories(dir.resolve("closedpkg"));
		Files.write(dir.resolve("closedpkg/Exposed.class"), cw.toByteArray());
		Configuration config = ModuleLayer.boot()
			.configuration()
			.resolve(ModuleFinder.of(dir), ModuleFinder.of(), Set.of("fixture.closed"));
		ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getSystemClassLoader());
		Class<?> type = layer.findLoader("fixture.closed").loadClass("closedpkg.Exposed");
		assertThat(type.getModule().isOpen("closedpkg", FieldAccessorsTest.class.getModule())).isFalse();
		return type;
	}

	/** Used by one test only, so no other has generated its accessor. */
	static final class SeenOften {

		int count;

		String name;

	}

	/**
	 * Enough rounds for the default mode to switch every class over (the corpus root
	 * comes once a round), a few for the others.
	 */
	private static int rounds(Mode mode) {
		return (mode == Mode.ADAPTIVE) ? THRESHOLD + 1 : 3;
	}

	private static <T> T reflectively(Supplier<T> action) {
		Mode before = FieldAccessors.mode;
		FieldAccessors.mode = Mode.REFLECTIVE;
		try {
			return action.get();
		}
		finally {
			FieldAccessors.mode = before;
		}
	}

	private Corpus copyOf(Corpus corpus) {
		return reflectively(() -> (Corpus) this.byReference.loads(this.byReference.dumps(corpus)));
	}

	private static String describeCopy(Object corpusCopy) {
		try {
			return (String) corpusCopy.getClass().getMethod("describe").invoke(corpusCopy);
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError(ex);
		}
	}

	private static Object corpusField(Object corpus, String name) {
		try {
			Field f = corpus.getClass().getDeclaredField(name);
			f.setAccessible(true);
			return f.get(corpus);
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError(ex);
		}
	}

	private static Object outerOf(Object instance) {
		try {
			Field outer = instance.getClass().getDeclaredField("this$0");
			outer.setAccessible(true);
			return outer.get(instance);
		}
		catch (ReflectiveOperationException ex) {
			throw new AssertionError(ex);
		}
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
