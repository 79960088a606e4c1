package io.cloudpickle.policy;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import com.example.shaded.ShadedTask;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application shipped as one shaded jar holds cloudpickle-core and its own classes
 * under one code source: the classes of its by-value packages still travel by value, and
 * core's own classes do not.
 */
class ShadedJarByValueTest {

	@Test
	void aByValuePackageInsideTheSameShadedJarAsCoreTravelsByValue(@TempDir Path dir) throws Exception {
		Path jar = dir.resolve("app-shaded.jar");
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
			Path coreClasses = Path.of(Pickler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			addTree(out, coreClasses, coreClasses);
			Path testClasses = Path.of(ShadedTask.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			addTree(out, testClasses, testClasses.resolve("com/example/shaded"));
		}
		List<URL> urls = new ArrayList<>(List.of(jar.toUri().toURL()));
		urls.add(ClassReader.class.getProtectionDomain().getCodeSource().getLocation());
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (entry.contains("org/ow2/asm") || entry.contains("org\\ow2\\asm")) {
				urls.add(Path.of(entry).toUri().toURL());
			}
		}
		try (URLClassLoader shaded = new URLClassLoader(urls.toArray(new URL[0]),
				ClassLoader.getPlatformClassLoader())) {
			Class<?> picklerType = shaded.loadClass(Pickler.class.getName());
			assertThat(shaded.loadClass(ShadedTask.class.getName()).getProtectionDomain().getCodeSource())
				.isEqualTo(picklerType.getProtectionDomain().getCodeSource());
			Object builder = picklerType.getMethod("builder").invoke(null);
			Class<?> builderType = builder.getClass();
			builderType.getMethod("useGlobalRegistry", boolean.class).invoke(builder, false);
			builderType.getMethod("byValuePackages", String[].class)
				.invoke(builder, (Object) new String[] { "com.example.shaded", "io.cloudpickle" });
			Object pickler = builderType.getMethod("build").invoke(builder);
			Object peer = shaded.loadClass("io.cloudpickle.PeerClasses").getConstructor().newInstance();
			Object task = shaded.loadClass(ShadedTask.class.getName()).getConstructor(String.class).newInstance("a");
			Object payload = picklerType.getMethod("dumpsFor", peer.getClass(), Object.class)
				.invoke(pickler, peer, task);
			long classBytes = (long) payload.getClass().getMethod("classBytes").invoke(payload);
			assertThat(classBytes).as("ShadedTask's bytecode travels").isPositive();

			Object coreRecord = shaded.loadClass("io.cloudpickle.PeerPayload")
				.getConstructor(byte[].class, List.class, List.class, long.class)
				.newInstance(new byte[0], List.of(), List.of(), 0L);
			Object coreOnly = picklerType.getMethod("dumpsFor", peer.getClass(), Object.class)
				.invoke(pickler, shaded.loadClass("io.cloudpickle.PeerClasses").getConstructor().newInstance(),
						coreRecord);
			assertThat((long) coreOnly.getClass().getMethod("classBytes").invoke(coreOnly))
				.as("core's own classes travel by reference, even under a by-value package")
				.isZero();
		}
	}

	private static void addTree(JarOutputStream out, Path root, Path tree) throws IOException {
		try (Stream<Path> files = Files.walk(tree)) {
			for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
				out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
				Files.copy(file, out);
				out.closeEntry();
			}
		}
	}

}
