package io.cloudpickle.structure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * {@code security}; internals and {@code security} use only the root's contract types
 * (exceptions, limits, extension interfaces), which use nothing above them; and no two
 * classes of different packages depend on each other in a cycle.
 */
class PackageStructureTest {

	private static final List<String> PIPELINE = List.of("io.cloudpickle.internal.io", "io.cloudpickle.internal.policy",
			"io.cloudpickle.internal.scan", "io.cloudpickle.internal.lambda", "io.cloudpickle.internal.closure",
			"io.cloudpickle.internal.classtable", "io.cloudpickle.internal.codec", "io.cloudpickle.internal.envelope");

	/**
	 * The root's contract types that internals and {@code security} may use: exceptions,
	 * limits and extension interfaces. They sit below everything else.
	 */
	private static final Set<String> CONTRACT = Set.of("io.cloudpickle.PickleException",
			"io.cloudpickle.PickleLimitException", "io.cloudpickle.ClassRefusedException",
			"io.cloudpickle.ClassesMissingException", "io.cloudpickle.PickleLimit", "io.cloudpickle.PickleLimits",
			"io.cloudpickle.PersistentIds", "io.cloudpickle.TypeCodec", "io.cloudpickle.PickleInput",
			"io.cloudpickle.PickleOutput", "io.cloudpickle.ClassFilter", "io.cloudpickle.PrintableText");

	/** Package → the classes of ours it refers to, across all its classes. */
	private static final Map<String, Set<String>> uses = new TreeMap<>();

	/**
	 * Top-level class → the top-level classes of ours it refers to (nested ones folded
	 * in).
	 */
	private static final Map<String, Set<String>> classUses = new TreeMap<>();

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
			String self = topLevel(reader.getClassName());
			Set<String> usedByClass = classUses.computeIfAbsent(self, (k) -> new TreeSet<>());
			reader.accept(new ClassRemapper(new ClassVisitor(Opcodes.ASM9) {
			}, new Remapper() {
				@Override
				public String map(String internalName) {
					if (internalName.startsWith("io/cloudpickle/")) {
						used.add(internalName.replace('/', '.'));
						String target = topLevel(internalName);
						if (!target.equals(self)) {
							usedByClass.add(target);
						}
					}
					return internalName;
				}
			}), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String topLevel(String internalName) {
		int dollar = internalName.indexOf('$', internalName.lastIndexOf('/'));
		return ((dollar > 0) ? internalName.substring(0, dollar) : internalName).replace('/', '.');
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
	void internalsAndSecurityUseOnlyTheRootsContractTypes() {
		for (String pkg : uses.keySet()) {
			if (pkg.startsWith("io.cloudpickle.internal") || pkg.equals("io.cloudpickle.security")) {
				assertThat(uses.get(pkg)).as("what %s uses of the root", pkg)
					.filteredOn((used) -> packageOf(used.replace('.', '/')).equals("io.cloudpickle"))
					.allMatch((used) -> CONTRACT.contains(topLevel(used.replace('.', '/'))));
			}
		}
	}

	@Test
	void theContractTypesUseNoInternalsAndOfSecurityOnlyTheGadgetDenyList() {
		for (String type : CONTRACT) {
			assertThat(classUses.get(type)).as("what %s uses", type)
				.allMatch((used) -> CONTRACT.contains(used) || used.equals("io.cloudpickle.security.GadgetDenyList"));
		}
		assertThat(classUses.get("io.cloudpickle.security.GadgetDenyList")).allMatch(CONTRACT::contains);
	}

	@Test
	void noTwoClassesOfDifferentPackagesDependOnEachOtherInACycle() {
		for (Set<String> cycle : new Cycles(classUses).stronglyConnected()) {
			Set<String> packages = new TreeSet<>();
			cycle.forEach((type) -> packages.add(packageOf(type.replace('.', '/'))));
			assertThat(packages).as("classes in one dependency cycle: %s", cycle).hasSize(1);
		}
	}

	@Test
	void securityUsesNoCodecOrClassTable() {
		assertThat(uses.get("io.cloudpickle.security"))
			.noneMatch((used) -> used.startsWith("io.cloudpickle.internal.codec.")
					|| used.startsWith("io.cloudpickle.internal.classtable."));
	}

	/** Tarjan's strongly connected components of a dependency graph. */
	private static final class Cycles {

		private final Map<String, Set<String>> graph;

		private final Map<String, Integer> index = new TreeMap<>();

		private final Map<String, Integer> low = new TreeMap<>();

		private final Deque<String> stack = new ArrayDeque<>();

		private final Set<String> onStack = new TreeSet<>();

		private final List<Set<String>> components = new ArrayList<>();

		Cycles(Map<String, Set<String>> graph) {
			this.graph = graph;
		}

		List<Set<String>> stronglyConnected() {
			for (String node : this.graph.keySet()) {
				if (!this.index.containsKey(node)) {
					visit(node);
				}
			}
			return this.components;
		}

		private void visit(String node) {
			this.index.put(node, this.index.size());
			this.low.put(node, this.index.get(node));
			this.stack.push(node);
			this.onStack.add(node);
			for (String next : this.graph.getOrDefault(node, Set.of())) {
				if (!this.index.containsKey(next)) {
					visit(next);
					this.low.put(node, Math.min(this.low.get(node), this.low.get(next)));
				}
				else if (this.onStack.contains(next)) {
					this.low.put(node, Math.min(this.low.get(node), this.index.get(next)));
				}
			}
			if (this.low.get(node).equals(this.index.get(node))) {
				Set<String> component = new TreeSet<>();
				String member;
				do {
					member = this.stack.pop();
					this.onStack.remove(member);
					component.add(member);
				}
				while (!member.equals(node));
				this.components.add(component);
			}
		}

	}

}
