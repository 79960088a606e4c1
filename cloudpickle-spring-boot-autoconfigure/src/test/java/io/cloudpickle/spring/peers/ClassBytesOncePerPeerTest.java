package io.cloudpickle.spring.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.testapp.RemoteClientServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Class bytes once per HTTP peer, with real JVMs on both sides: the server runs in its
 * own JVM ({@link PeerServer}) whose class path lacks the client's classes (compiled at
 * test time into a directory only this JVM sees), the client is this JVM's
 * auto-configured {@code RestClient}, {@code RestTemplate} and {@code WebClient}, signing
 * their requests. The first body carries the class bytes; once the server confirms them,
 * later bodies name them by hash and are much smaller; a restarted server answers 409 for
 * the classes it lost, and the client sends the body once more with their bytes,
 * transparently. The byte counts are the Content-Length the server saw.
 */
@SpringBootTest(classes = ClassBytesOncePerPeerTest.ClientApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "cloudpickle.security.hmac.keys.k1=" + ClassBytesOncePerPeerTest.SECRET_BASE64,
				"cloudpickle.security.signing-key-id=k1", "cloudpickle.by-value-packages=com.example.peerclient" })
class ClassBytesOncePerPeerTest {

	/** The HMAC key "k1" of both sides (32 bytes, base64). */
	static final String SECRET_BASE64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlBQkNERUY=";

	private static final MediaType PICKLE = MediaType
		.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);

	private static final String TASKS_SOURCE = """
			package com.example.peerclient;

			import java.io.Serializable;
			import java.util.Comparator;
			import java.util.List;
			import java.util.Map;
			import java.util.TreeMap;
			import java.util.function.Function;

			public final class Tasks {

				private Tasks() {
				}

				public static Function<List<String>, Object> describe(String suffix) {
					return (Function<List<String>, Object> & Serializable) (words) -> List.of(new Summary(words).text() + suffix);
				}

				static final class Summary {

					private final List<String> words;

					Summary(List<String> words) {
						this.words = words;
					}

					String text() {
						Map<Integer, Integer> byLength = new TreeMap<>();
						for (String word : this.words) {
							byLength.merge(word.length(), 1, Integer::sum);
						}
						String longest = this.words.stream().max(Comparator.comparingInt(String::length)).orElse("");
						return this.words.size() + " words, longest " + longest + ", by length " + byLength;
					}

				}

			}
			""";

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private RestTemplateBuilder restTemplateBuilder;

	@Autowired
	private WebClient.Builder webClientBuilder;

	@Test
	void classBytesTravelOncePerServerAndAgainOnlyToAServerThatLostThem(@TempDir Path work) throws Exception {
		Path classes = RemoteClientServerTest.compile(work, RemoteClientServerTest.coreClasspath(),
				"com/example/peerclient", "Tasks.java", TASKS_SOURCE);
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("com.example.peerclient.Tasks", false, getClass().getClassLoader()));
		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				getClass().getClassLoader())) {
			String expected = "6 words, longest times, by length {2=2, 3=2, 4=1, 5=1}";
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			String base = "http://127.0.0.1:" + port;
			RestClient restClient = this.restClientBuilder.baseUrl(base).build();
			long full;
			long byHash;
			try (ServerJvm server = ServerJvm.start(work, port)) {
				assertThat(post(restClient, task(loader, "!"))).isEqualTo(List.of(expected + "!"));
				full = server.nextBody(200);
				assertThat(post(restClient, task(loader, "?"))).isEqualTo(List.of(expected + "?"));
				byHash = server.nextBody(200);
				// The class files (a few KB) travel once; then 64-character hashes.
				assertThat(byHash).isLessThan(full / 2);
				System.out.printf("class bytes once per peer: first body %d bytes, then %d bytes%n", full, byHash);
			}
			try (ServerJvm restarted = ServerJvm.start(work, port)) {
				// WebClient: the restarted server lacks the classes: 409, then the bytes.
				Object answer = this.webClientBuilder.baseUrl(base)
					.build()
					.post()
					.uri("/run")
					.contentType(PICKLE)
					.accept(PICKLE)
					.bodyValue(task(loader, "."))
					.retrieve()
					.bodyToMono(Object.class)
					.block();
				assertThat(answer).isEqualTo(List.of(expected + "."));
				assertThat(restarted.nextBody(409)).isEqualTo(byHash);
				assertThat(restarted.nextBody(200)).isEqualTo(full);
				// RestTemplate and RestClient share what the server confirmed.
				HttpHeaders headers = new HttpHeaders();
				headers.setContentType(PICKLE);
				headers.setAccept(List.of(PICKLE));
				assertThat(this.restTemplateBuilder.rootUri(base)
					.build()
					.postForObject("/run", new HttpEntity<>(task(loader, ";"), headers), Object.class))
					.isEqualTo(List.of(expected + ";"));
				assertThat(restarted.nextBody(200)).isEqualTo(byHash);
				assertThat(post(restClient, task(loader, ":"))).isEqualTo(List.of(expected + ":"));
				assertThat(restarted.nextBody(200)).isEqualTo(byHash);
			}
			try (ServerJvm restarted = ServerJvm.start(work, port)) {
				// RestClient after a restart: 409, then the bytes, signed again.
				assertThat(post(restClient, task(loader, "#"))).isEqualTo(List.of(expected + "#"));
				assertThat(restarted.nextBody(409)).isEqualTo(byHash);
				assertThat(restarted.nextBody(200)).isEqualTo(full);
				assertThat(post(restClient, task(loader, "%"))).isEqualTo(List.of(expected + "%"));
				assertThat(restarted.nextBody(200)).isEqualTo(byHash);
			}
		}
	}

	private static Object task(ClassLoader loader, String suffix) throws ReflectiveOperationException {
		return loader.loadClass("com.example.peerclient.Tasks")
			.getMethod("describe", String.class)
			.invoke(null, suffix);
	}

	private static Object post(RestClient client, Object task) {
		return client.post().uri("/run").contentType(PICKLE).accept(PICKLE).body(task).retrieve().body(Object.class);
	}

	/** The client: this JVM's auto-configuration, no web server. */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ClientApplication {

	}

	/** A {@link PeerServer} in its own JVM, on a given port; closing it kills it. */
	static final class ServerJvm implements AutoCloseable {

		private final Process process;

		private final BlockingQueue<String> bodies = new LinkedBlockingQueue<>();

		private final List<String> output = new ArrayList<>();

		private final CountDownLatch started = new CountDownLatch(1);

		private ServerJvm(Process process) {
			this.process = process;
			Thread reader = new Thread(this::read, "peer-server-output");
			reader.setDaemon(true);
			reader.start();
		}

		static ServerJvm start(Path work, int port) throws IOException, InterruptedException {
			List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
					"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
					PeerServer.class.getName(), "--server.port=" + port, "--server.address=127.0.0.1",
					"--spring.main.banner-mode=off", "--cloudpickle.security.hmac.keys.k1=" + SECRET_BASE64,
					"--cloudpickle.security.allowed-by-value-packages=com.example.peerclient");
			assertThat(System.getProperty("java.class.path")).doesNotContain(work.toString()).contains("spring-webmvc");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			builder.environment().remove("JAVA_TOOL_OPTIONS");
			builder.environment().remove("CLASSPATH");
			ServerJvm server = new ServerJvm(builder.start());
			if (!server.started.await(120, TimeUnit.SECONDS)) {
				server.close();
				throw new AssertionError("server JVM did not start: " + server.output());
			}
			return server;
		}

		/** The size of the next request body the server saw, which got {@code status}. */
		long nextBody(int status) throws InterruptedException {
			String line = this.bodies.poll(30, TimeUnit.SECONDS);
			assertThat(line).as("a request reached the server; output: %s", output()).isNotNull();
			String[] parts = line.split(" ");
			assertThat(parts[2]).isEqualTo("/run");
			assertThat(Integer.parseInt(parts[4])).as(line).isEqualTo(status);
			return Long.parseLong(parts[3]);
		}

		private void read() {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					synchronized (this.output) {
						this.output.add(line);
					}
					if (line.startsWith("BODY ")) {
						this.bodies.add(line);
					}
					else if (line.contains("Started PeerServer")) {
						this.started.countDown();
					}
				}
			}
			catch (IOException ex) {
				// The process ended.
			}
		}

		private String output() {
			synchronized (this.output) {
				return String.join("\n", this.output);
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}

	}

}
