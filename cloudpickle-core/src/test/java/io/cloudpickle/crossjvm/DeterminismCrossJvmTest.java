package io.cloudpickle.crossjvm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.acme.analytics.determinism.DeterministicClosures;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.RemoteJvm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same closure pickled in two separate JVM runs gives byte-identical payloads, and so
 * does re-pickling it in a receiver (A → B).
 */
class DeterminismCrossJvmTest {

	@Test
	void sameClosureInTwoSeparateJvmRunsGivesIdenticalBytes() throws Exception {
		byte[] first = pickleInFreshJvm();
		byte[] second = pickleInFreshJvm();
		assertThat(first).isNotEmpty();
		assertThat(Payloads.classFiles(first)).isGreaterThanOrEqualTo(3);
		assertThat(second).as("payloads of two JVM runs").isEqualTo(first);
		// and the same as in this (long-running, much busier) test JVM
		byte[] here = Pickler.builder()
			.byValuePackages("com.acme.analytics.determinism")
			.build()
			.dumps(DeterministicClosures.closure());
		assertThat(here).as("payload of the test JVM").isEqualTo(first);
		// pickling twice in one JVM, too
		assertThat(Pickler.builder()
			.byValuePackages("com.acme.analytics.determinism")
			.build()
			.dumps(DeterministicClosures.closure())).isEqualTo(here);
	}

	@Test
	void repicklingInReceiversIsDeterministicAndRuns() {
		byte[] payload = Pickler.builder()
			.byValuePackages("com.acme.analytics.determinism")
			.build()
			.dumps(DeterministicClosures.closure());
		String expected = "1230|{a=Weight[name=a, value=1.25], b=Weight[name=b, value=2.50]}|high!|[HIGH]|root|true";
		try (RemoteJvm b1 = RemoteJvm.start(); RemoteJvm b2 = RemoteJvm.start()) {
			byte[] fromB1 = b1.echo(payload);
			byte[] fromB2 = b2.echo(payload);
			assertThat(fromB2).as("two receivers re-pickle to the same bytes").isEqualTo(fromB1);
			assertThat(b1.echo(payload)).as("re-pickling twice in one receiver").isEqualTo(fromB1);
			assertThat(fromB1).as("re-pickled payload equals the original").isEqualTo(payload);
			assertThat(b2.call(fromB1)).isEqualTo(expected);
			assertThat(b1.call(payload)).isEqualTo(expected);
		}
	}

	private static byte[] pickleInFreshJvm() throws IOException, InterruptedException {
		List<String> classpath = new ArrayList<>();
		classpath.add(System.getProperty("cloudpickle.test.testClasses"));
		classpath.add(System.getProperty("cloudpickle.test.mainClasses"));
		String deps = Files
			.readString(Paths.get(System.getProperty("cloudpickle.test.runtimeClasspathFile")), StandardCharsets.UTF_8)
			.trim();
		if (!deps.isEmpty()) {
			classpath.add(deps);
		}
		Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
		ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
				String.join(File.pathSeparator, classpath), DeterminismMain.class.getName());
		Path output = Files.createTempFile("cloudpickle-determinism", ".txt");
		builder.redirectErrorStream(true);
		builder.redirectOutput(output.toFile());
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		long start = System.nanoTime();
		Process process = builder.start();
		if (!process.waitFor(300, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("DeterminismMain did not finish within 300 s");
		}
		System.out.printf("[determinism] the second JVM finished in %d ms (limit 300 s)%n",
				(System.nanoTime() - start) / 1_000_000);
		String text = Files.readString(output, StandardCharsets.UTF_8);
		Files.deleteIfExists(output);
		assertThat(process.exitValue()).as(text).isZero();
		for (String line : text.split("\\R")) {
			if (line.startsWith("PAYLOAD ")) {
				return Base64.getDecoder().decode(line.substring("PAYLOAD ".length()).trim());
			}
		}
		throw new AssertionError("no payload printed:\n" + text);
	}

}
