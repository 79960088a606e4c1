package io.cloudpickle.spring.testapp;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.PickleService;
import com.example.fixtures.Closures;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A real server on a random port and a real client JVM. The client's class is compiled at
 * test time into a directory that is not on this JVM's class path, and the child JVM runs
 * with that directory plus cloudpickle-core and ASM only: the closure it posts ships its
 * class by value, the server (this JVM) runs it without having the class, and answers
 * with the pickled result.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cloudpickle.security.allow-unsigned=true",
				"cloudpickle.security.allowed-by-value-packages=com.example.remoteclient" })
public class RemoteClientServerTest {

	private static final String CLIENT_CLASS = "com.example.remoteclient.Client";

	private static final String CLIENT_SOURCE = """
			package com.example.remoteclient;

			import java.io.Serializable;
			import java.net.URI;
			import java.net.http.HttpClient;
			import java.net.http.HttpRequest;
			import java.net.http.HttpResponse;
			import java.util.Comparator;
			import java.util.List;
			import java.util.function.Function;

			import io.cloudpickle.CloudPickle;

			public class Client {

				public record WordStats(int words, String longest) {
				}

				public static void main(String[] args) throws Exception {
					CloudPickle.registerPickleByValue("com.example.remoteclient");
					String suffix = args[1];
					Function<List<String>, Object> task = (Function<List<String>, Object> & Serializable) (words) ->
							new WordStats(words.size(),
									words.stream().max(Comparator.comparingInt(String::length)).orElse("") + suffix);
					byte[] payload = CloudPickle.dumps(task);
					HttpRequest request = HttpRequest.newBuilder(URI.create(args[0]))
						.header("Content-Type", "application/x-cloudpickle")
						.header("Accept", "application/x-cloudpickle")
						.POST(HttpRequest.BodyPublishers.ofByteArray(payload))
						.build();
					HttpResponse<byte[]> response = HttpClient.newHttpClient()
						.send(request, HttpResponse.BodyHandlers.ofByteArray());
					System.out.println("STATUS " + response.statusCode());
					Object result = CloudPickle.loads(response.body());
					System.out.println("RESULT " + result);
					System.out.println("LOADER " + result.getClass().getClassLoader().getName());
				}

			}
			""";

	@LocalServerPort
	private int port;

	@Autowired
	private PickleService pickleService;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void childJvmPostsAClosureOfAClassTheServerLacksAndGetsThePickledResult(@TempDir Path work) throws Exception {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName(CLIENT_CLASS, false, getClass().getClassLoader()));

		List<String> coreClasspath = coreClasspath();
		Path classes = compileClient(work, coreClasspath);
		List<String> classpath = new ArrayList<>();
		classpath.add(classes.toString());
		classpath.addAll(coreClasspath);
		String output = runJava(classpath, CLIENT_CLASS, "http://127.0.0.1:" + this.port + "/run", "!");
		assertThat(output).contains("STATUS 200")
			.contains("RESULT WordStats[words=6, longest=times!]")
			// Round-trip identity: the result's class is the client's own class again,
			// not a copy.
			.contains("LOADER app");

		// The server ran the class without having it: defined from the payload, still not
		// loadable by name.
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName(CLIENT_CLASS, false, getClass().getClassLoader()));
		assertThat(this.pickleService.classSpace().stats().bundles())
			.flatMap((bundle) -> bundle.classes().stream().map((c) -> c.name()).toList())
			.contains(CLIENT_CLASS, CLIENT_CLASS + "$WordStats");
		assertThat(this.meterRegistry.get("cloudpickle.loads")
			.tags("classes.shipped", "true", "outcome", "success")
			.timer()
			.count()).isPositive();
	}

	@Test
	void springRestClientPostsAClosureAndReadsThePickledResult() {
		RestClient client = this.restClientBuilder.baseUrl("http://127.0.0.1:" + this.port).build();
		MediaType pickle = MediaType.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);
		Object result = client.post()
			.uri("/run")
			.contentType(pickle)
			.accept(pickle)
			.body(Closures.countLongerThan(3))
			.retrieve()
			.body(Object.class);
		assertThat(result).hasToString("Count[n=2]");
		// Accept */* keeps JSON.
		String json = client.get().uri("/info").retrieve().body(String.class);
		assertThat(json).isEqualTo("{\"name\":\"server\",\"words\":6}");
	}

	@Test
	void badBodyOverRealHttpIs400ProblemDetail() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/run"))
			.header("Content-Type", CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { 'C', 'P', 'K', 'L', 1, 0, 17 }))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("\"status\":400").doesNotContain("Exception");
	}

	/** cloudpickle-core's runtime class path (no Spring), as the build wrote it. */
	public static List<String> coreClasspath() throws IOException {
		String file = System.getProperty("cloudpickle.test.coreClasspathFile");
		assertThat(file).as("system property cloudpickle.test.coreClasspathFile (set by surefire)").isNotBlank();
		String text = Files.readString(Paths.get(file), StandardCharsets.UTF_8).trim();
		List<String> entries = Arrays.stream(text.split(File.pathSeparator))
			.map(String::trim)
			.filter((e) -> !e.isEmpty())
			.toList();
		assertThat(entries).anyMatch((e) -> e.contains("cloudpickle-core")).noneMatch((e) -> e.contains("spring"));
		return entries;
	}

	static Path compileClient(Path work, List<String> coreClasspath) throws IOException {
		return compile(work, coreClasspath, "com/example/remoteclient", "Client.java", CLIENT_SOURCE);
	}

	/**
	 * Compiles one source file into {@code work/classes}, a directory on no class path.
	 */
	public static Path compile(Path work, List<String> coreClasspath, String packageDir, String fileName, String text)
			throws IOException {
		Path sources = Files.createDirectories(work.resolve("src/" + packageDir));
		Path source = Files.writeString(sources.resolve(fileName), text);
		Path classes = Files.createDirectories(work.resolve("classes"));
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		assertThat(compiler).as("a JDK (javax.tools) runs the tests").isNotNull();
		int status = compiler.run(null, null, null, "--release", "17", "-d", classes.toString(), "-cp",
				String.join(File.pathSeparator, coreClasspath), source.toString());
		assertThat(status).as("javac exit status").isZero();
		return classes;
	}

	/** Runs a child JVM to its end and answers its output; fails if it exits non-zero. */
	static String runJava(List<String> classpath, String mainClass, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(
				List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-XX:+UseSerialGC", "-cp", String.join(File.pathSeparator, classpath), mainClass));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().remove("CLASSPATH");
		Process child = builder.start();
		String output;
		try {
			assertThat(child.waitFor(90, TimeUnit.SECONDS)).as("client JVM finished").isTrue();
			output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		finally {
			child.destroyForcibly();
		}
		assertThat(child.exitValue()).as(output).isZero();
		return output;
	}

}
