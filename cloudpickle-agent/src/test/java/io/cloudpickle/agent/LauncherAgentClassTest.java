package io.cloudpickle.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import com.acme.analytics.plain.Tasks;
import com.acme.attach.AgentApp;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Launcher-Agent-Class}: an executable jar that bundles the agent and names it in
 * its manifest, started with {@code java -jar} and no other option. The agent starts
 * before the main class, so the application's plain lambdas pickle; they run in a child
 * JVM that has neither the application's classes nor the agent.
 */
class LauncherAgentClassTest {

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	private static final Pickler fixtures = Pickler.builder().byValuePackages("com.acme.analytics.plain").build();

	@TempDir
	Path work;

	@Test
	void anExecutableJarNamingTheAgentAsLauncherAgentClassPicklesPlainLambdas() throws Exception {
		Path jar = buildApplicationJar(this.work.resolve("app.jar"));
		try (AppJvm app = AppJvm.start(List.of(), List.of("-jar", jar.toString(), "agent", "dump-late"))) {
			assertThat(app.nextLine()).as("the agent runs, started from the manifest").isEqualTo("*");
			String late = app.nextLine();
			assertThat(late).startsWith("PAYLOAD serializable ");
			assertThat(app.await()).isZero();
			assertThat(app.stderr()).doesNotContain("cloudpickle-agent:");

			List<?> result = (List<?>) child.call(fixtures.dumps(new Tasks.LoadAndApply(AppJvm.payload(late), 10)));
			assertThat(result.get(0)).isEqualTo(15);
			assertThat(child.hasClass("com.acme.attach.LateJobs")).isFalse();
		}
	}

	/**
	 * What an application's build would make: a jar with the application and the agent's
	 * classes, whose manifest names the main class, the agent, and cloudpickle-core and
	 * ASM on its {@code Class-Path} (cloudpickle-core stays a jar or directory of its
	 * own: it treats every class that shares its code source as part of itself, always by
	 * reference).
	 */
	private static Path buildApplicationJar(Path target) throws IOException {
		Manifest manifest = new Manifest();
		Attributes main = manifest.getMainAttributes();
		main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
		main.put(Attributes.Name.MAIN_CLASS, AgentApp.class.getName());
		main.putValue("Launcher-Agent-Class", CloudPickleAgent.class.getName());
		List<String> classPath = new ArrayList<>();
		classPath.add(Paths.get(System.getProperty("cloudpickle.test.mainClasses")).toUri().toString());
		for (String entry : AppJvm.coreRuntimeClassPath()) {
			classPath.add(Paths.get(entry).toUri().toString());
		}
		main.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
		Set<String> written = new HashSet<>();
		try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), manifest)) {
			written.add(JarFile.MANIFEST_NAME);
			copyJar(Paths.get(System.getProperty("cloudpickle.test.agentJar")), out, written);
			copyDirectory(Paths.get(System.getProperty("cloudpickle.test.agentTestClasses")), "com/acme/attach/", out,
					written);
		}
		return target;
	}

	private static void copyJar(Path jar, JarOutputStream out, Set<String> written) throws IOException {
		try (JarFile in = new JarFile(jar.toFile())) {
			for (JarEntry entry : in.stream().toList()) {
				String name = entry.getName();
				if (entry.isDirectory() || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
					continue;
				}
				try (InputStream bytes = in.getInputStream(entry)) {
					write(name, bytes, out, written);
				}
			}
		}
	}

	private static void copyDirectory(Path root, String prefix, JarOutputStream out, Set<String> written)
			throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				String name = root.relativize(file).toString().replace('\\', '/');
				if (name.startsWith(prefix)) {
					try (InputStream bytes = Files.newInputStream(file)) {
						write(name, bytes, out, written);
					}
				}
			}
		}
	}

	private static void write(String name, InputStream bytes, JarOutputStream out, Set<String> written)
			throws IOException {
		if (written.add(name)) {
			out.putNextEntry(new JarEntry(name));
			bytes.transferTo((OutputStream) out);
			out.closeEntry();
		}
	}

}
