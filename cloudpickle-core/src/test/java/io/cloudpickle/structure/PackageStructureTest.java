package io.cloudpickle.structure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.cloudpickle.CloudPickle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package structure read from the compiled classes: the internal packages follow the
 * pipeline (io → policy → scan → lambda → closure → classtable → codec → envelope, each
 * using only those before it), none reaches back to the entry points or to
 * {@code security}.
 */
class PackageStructureTest {

	private static final List<String> PIPELINE = List.of("io.cloudpickle.internal.io", "io.cloudpickle.internal.policy",
			"io.cloudpickle.internal.scan", "io.cloudpickle.internal.lambda", "io.cloudpickle.internal.closure",
			"io.cloudpickle.internal.classtable", "io.cloudpickle.internal.codec", "io.cloudpickle.internal.envelope");

	/** Package → the classes of ours it refers to, across all its classes. */
	private static final Map<String, Set<String>> uses = new TreeMap<>();

	@BeforeAll
	static void readClasses() throws IOException, URISyntaxException {
		Path root = Path.of(CloudPickle.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (Stream<Path> files = Files.walk(root)) {
			files.filter((f) -> f.toString().endsWith(".class")).forEach(PackageStructureTest::read);
		}
	}

	private static void read(Path classFile) {
		try (InputStream in = Files.newInputStream(classFile)) {
			ClassReader reader = new ClassReader(in);
			String pkg = packageOf(reader.getClassName());
			Set<String> used = uses.computeIfAbsent(pkg, (k) -> new TreeSet<>());
			reader.accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) {
			}, new Remapper() {
				@Override
				public String map(String internalName) {
					if (internalName.startsWith("io/cloudpickle/")) {
						used.add(internalName.replace('/', '.'));
					}
					return internalName;
				}
			}), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String packageOf(String internalName) {
		return internalName.substring(0, internalName.lastIndexOf('/')).replace('/', '.');
	}

	@Test
	void everyPackageIsKnown() {
		Set<String> expected = new TreeSet<>(PIPELINE);
		expected.addAll(Set.of("io.cloudpickle", "io.cloudpickle.security"));
		assertThat(uses.keySet()).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void internalPackagesUseOnlyThoseBeforeThemInThePipeline() {
		for (int i = 0; i < PIPELINE.size(); i++) {
			Set<String> allowed = new TreeSet<>(PIPELINE.subList(0, i + 1));
			allowed.add("io.cloudpickle");
			for (String used : uses.get(PIPELINE.get(i))) {
				assertThat(allowed).as("%s uses %s", PIPELINE.get(i), used).contains(packageOf(used.replace('.', '/')));
			}
		}
	}

	@Test
	void internalPackagesNeverReachBackToTheEntryPoints() {
		for (String pkg : PIPELINE) {
			assertThat(uses.get(pkg)).as("what %s uses", pkg)
				.noneMatch((used) -> used.startsWith("io.cloudpickle.CloudPickle")
						|| used.startsWith("io.cloudpickle.Pickler"));
		}
	}

	@Test
	void securityUsesNoCodecOrClassTable() {
		assertThat(uses.get("io.cloudpickle.security"))
			.noneMatch((used) -> used.startsWith("io.cloudpickle.internal.codec.")
					|| used.startsWith("io.cloudpickle.internal.classtable."));
	}

}
