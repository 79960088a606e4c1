package io.cloudpickle.robustness;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import com.example.fixtures.byref.ByRefTasks;
import com.example.fixtures.byref.Plain;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;
import io.cloudpickle.testing.RemoteFailure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A by-reference class missing on the receiver is named, and the message suggests
 * {@code registerPickleByValue} / {@code cloudpickle.by-value-packages} for its package.
 */
class MissingClassTest {

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	/** No by-value packages at all: fixture classes travel by reference. */
	private static Pickler byReference;

	@BeforeAll
	static void start() {
		byReference = Pickler.builder().useGlobalRegistry(false).build();
	}

	private static void assertHelpfulMessage(String message, String className, String packageName) {
		assertThat(message).contains(className)
			.contains("registerPickleByValue")
			.contains("cloudpickle.by-value-packages")
			.contains(packageName);
	}

	@Test
	void missingByReferenceClassInTheChildIsNamedWithTheFix() {
		byte[] payload = byReference.dumps(new Plain("x"));
		assertThatThrownBy(() -> child.loadAndDescribe(payload)).isInstanceOfSatisfying(RemoteFailure.class, f -> {
			assertThat(f.remoteExceptionClass()).as("a PickleException (or subclass)")
				.startsWith("io.cloudpickle.")
				.endsWith("PickleException");
			assertHelpfulMessage(f.remoteMessage(), Plain.class.getName(), "com.example.fixtures.byref");
		});
	}

	@Test
	void missingCapturingClassOfALambdaIsNamedWithTheFix() {
		byte[] payload = byReference.dumps(ByRefTasks.hello());
		assertThatThrownBy(() -> child.call(payload)).isInstanceOfSatisfying(RemoteFailure.class, f -> {
			assertThat(f.remoteExceptionClass()).as("a PickleException (or subclass)")
				.startsWith("io.cloudpickle.")
				.endsWith("PickleException");
			assertThat(f.remoteMessage()).contains("com.example.fixtures")
				.contains("registerPickleByValue")
				.contains("cloudpickle.by-value-packages");
		});
	}

	@Test
	void missingClassWithAnIsolatedReceiverLoaderInThisJvm() throws Exception {
		List<URL> urls = new ArrayList<>();
		urls.add(Paths.get(System.getProperty("cloudpickle.test.mainClasses")).toUri().toURL());
		String runtime = Files
			.readString(Paths.get(System.getProperty("cloudpickle.test.runtimeClasspathFile")), StandardCharsets.UTF_8)
			.trim();
		for (String entry : runtime.split(File.pathSeparator)) {
			if (!entry.isBlank()) {
				urls.add(Paths.get(entry.trim()).toUri().toURL());
			}
		}
		try (URLClassLoader isolated = new URLClassLoader(urls.toArray(new URL[0]),
				ClassLoader.getPlatformClassLoader())) {
			Pickler receiver = Pickler.builder().useGlobalRegistry(false).classLoader(isolated).build();
			byte[] payload = byReference.dumps(new Plain("x"));
			assertThatThrownBy(() -> receiver.loads(payload)).isInstanceOfSatisfying(PickleException.class,
					e -> assertHelpfulMessage(e.getMessage(), Plain.class.getName(), "com.example.fixtures.byref"));
		}
	}

	@Test
	void withTheFixItLoads() {
		Pickler byValue = Pickler.builder().byValuePackages("com.example.fixtures.byref").build();
		assertThat(child.loadAndDescribe(byValue.dumps(new Plain("x")))).isEqualTo("Plain(x)");
	}

}
