package com.example.compute.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import com.example.compute.api.ComputeApi;
import com.example.compute.api.MapRequest;
import com.example.compute.api.Sale;
import com.example.compute.api.SerPredicate;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.HttpRequestSigner;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.SignableRequest;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static io.cloudpickle.testing.JShellSnippets.eval;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's demo as a test: the compute server jar in one child JVM (random free port,
 * loopback), the compute client jar in another, and compute.jsh through the jdk.jshell
 * API (local execution in this JVM) against the same server. The server's class path is
 * checked twice for the client's package {@code com.example.analytics}: in its jar, and
 * by asking the running server; the classes then show up in its class space, received by
 * value.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComputeDemoEndToEndTest {

	private static final String ANALYTICS = "com.example.analytics";

	@TempDir
	static Path work;

	private static ChildJvm server;

	private static String baseUrl;

	/** The management port (actuator), bound to 127.0.0.1. */
	private static String managementUrl;

	private static final HttpClient http = HttpClient.newHttpClient();

	/**
	 * A fresh HMAC secret per run, as bin/demo makes: both JVMs get it as
	 * CLOUDPICKLE_HMAC_KEY.
	 */
	private static final String HMAC_KEY = ChildJvm.randomHmacKey();

	private static final Map<String, String> KEY_ENV = Map.of("CLOUDPICKLE_HMAC_KEY", HMAC_KEY);

	@BeforeAll
	static void startServer() throws Exception {
		int port = ChildJvm.freePort();
		baseUrl = "http://127.0.0.1:" + port;
		int managementPort = ChildJvm.freePort();
		managementUrl = "http://127.0.0.1:" + managementPort;
		server = ChildJvm.start(System.getProperty("compute.serverJar"), work.resolve("server.log"), KEY_ENV,
				"--server.port=" + port, "--server.address=127.0.0.1", "--management.server.port=" + managementPort);
		server.awaitHealthy(managementUrl + "/actuator/health", Duration.ofSeconds(90));
	}

	@AfterAll
	static void stopServer() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	/**
	 * The test runs forked on the JDK Maven runs on and again on JDK 25 (bin/test); the
	 * server, client and JShell it starts use this fork's java.home. Each fork checks it
	 * is the JDK its execution names (the pom), so the "JDK 25" run cannot silently run
	 * on another JDK.
	 */
	@Test
	@Order(0)
	void thisForkRunsTheJdkTheBuildClaims() throws IOException {
		String expectedJava = System.getProperty("compute.expectedJava");
		org.junit.jupiter.api.Assumptions.assumeTrue(expectedJava != null, "not forked by the build");
		assertThat(java.nio.file.Paths.get(System.getProperty("java.home"), "bin", "java").toRealPath())
			.isEqualTo(java.nio.file.Paths.get(expectedJava).toRealPath());
		assertThat(Runtime.version().feature())
			.isEqualTo(Integer.parseInt(System.getProperty("compute.expectedJavaFeature")));
	}

	@Test
	@Order(1)
	void theServerJarHoldsNoClassOfTheClientsAnalyticsPackage() throws IOException {
		List<String> seen = new ArrayList<>();
		List<String> analytics = new ArrayList<>();
		try (ZipFile jar = new ZipFile(System.getProperty("compute.serverJar"))) {
			Enumeration<? extends ZipEntry> entries = jar.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				seen.add(entry.getName());
				collectAnalytics(entry.getName(), analytics);
				if (entry.getName().startsWith("BOOT-INF/lib/") && entry.getName().endsWith(".jar")) {
					try (InputStream nested = jar.getInputStream(entry);
							ZipInputStream zip = new ZipInputStream(nested)) {
						for (ZipEntry inner = zip.getNextEntry(); inner != null; inner = zip.getNextEntry()) {
							collectAnalytics(entry.getName() + "!/" + inner.getName(), analytics);
						}
					}
				}
			}
		}
		assertThat(seen).as("a Spring Boot jar with the server and compute-api")
			.contains("BOOT-INF/classes/com/example/compute/server/ComputeController.class")
			.anyMatch((name) -> name.startsWith("BOOT-INF/lib/compute-api"))
			.noneMatch((name) -> name.contains("compute-client"));
		assertThat(analytics).as("entries of package " + ANALYTICS + " in the server jar").isEmpty();
	}

	private static void collectAnalytics(String name, List<String> found) {
		if (name.contains("com/example/analytics")) {
			found.add(name);
		}
	}

	@Test
	@Order(2)
	void theRunningServerCannotLoadTheAnalyticsClasses() throws Exception {
		assertThat(get("/actuator/classpath/com.example.compute.api.Sale")).contains("\"onClasspath\":true");
		for (String type : List.of("SalesAnalyses", "AnomalyRule", "Region", "Summary")) {
			assertThat(get("/actuator/classpath/" + ANALYTICS + "." + type)).contains("\"onClasspath\":false");
		}
		// Management stays off the public port.
		HttpResponse<String> onPublicPort = http.send(
				HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(onPublicPort.statusCode()).as("actuator on the public port").isEqualTo(404);
	}

	@Test
	@Order(3)
	void theClientJvmShipsItsAnalysesAndPrintsTheResults() throws Exception {
		// java -javaagent:.../cloudpickle-agent.jar -jar compute-client.jar: the client's
		// plain Predicate travels
		ChildJvm client = ChildJvm.start(List.of("-javaagent:" + System.getProperty("compute.clientAgent")),
				System.getProperty("compute.clientJar"), work.resolve("client.log"), KEY_ENV,
				"--compute.server-url=" + baseUrl, "--compute.management-url=" + managementUrl);
		String out = passedEveryAnalysis(client, Duration.ofSeconds(60));
		assertThat(out).contains("1. Revenue by region")
			.containsPattern("EMEA +€ [0-9,.]+ +[0-9.]+%")
			.containsPattern("[0-9,]+ of [0-9,]+ lines flagged; the first 5:")
			.contains("bulk order")
			.contains("(com.example.analytics.Flagged came back by value and resolved to this JVM's own class")
			.containsPattern("WINTER +[0-9,]+ orders, mean €")
			.contains("server: pid ")
			.contains("class loader of this lambda's class: cloudpickle-bundle-")
			.contains("rethrown here: java.lang.IllegalArgumentException: No enum constant "
					+ "com.example.analytics.Region.ANTARCTICA")
			.contains("[TIMED_OUT]")
			.doesNotContain("     FAILED")
			.doesNotContain("UNEXPECTED");
		// Class bytes once per client: only the first body carries the analyses' class
		// files; the server confirms them once a worker loaded them, and later bodies
		// name them by hash.
		List<Integer> bodies = requestBodies(out);
		assertThat(bodies).as("request body sizes the client printed").hasSizeGreaterThanOrEqualTo(5);
		assertThat(bodies.get(0)).as("the first body, with the class files").isGreaterThan(10_000);
		assertThat(bodies.subList(1, bodies.size())).as("later bodies, classes named by hash")
			.allSatisfy((size) -> assertThat(size).isLessThan(bodies.get(0) / 4));
		assertThat(server.output()).containsPattern("group_by \\([0-9,]+ bytes, 0 classes by hash\\): OK")
			.containsPattern("reduce \\([0-9,]+ bytes, [1-9][0-9]* classes by hash\\): OK");

		// The server still cannot load them by name, and it never defined them either:
		// the tasks ran in its worker processes, so its own class space created no
		// loader.
		assertThat(out).contains("on worker-");
		assertThat(get("/actuator/classpath/" + ANALYTICS + ".SalesAnalyses")).contains("\"onClasspath\":false");
		String classSpace = get("/actuator/cloudpickle");
		assertThat(classSpace).contains("\"loadersCreated\":0")
			.contains("\"allowUnsigned\":false")
			.contains("\"mode\":\"signed (HMAC key ids [demo], Ed25519 key ids [])");
	}

	/** The sizes of the request bodies the client printed, in order. */
	private static List<Integer> requestBodies(String clientOutput) {
		java.util.regex.Matcher body = java.util.regex.Pattern.compile("request body: ([0-9,]+) bytes")
			.matcher(clientOutput);
		List<Integer> sizes = new ArrayList<>();
		while (body.find()) {
			sizes.add(Integer.parseInt(body.group(1).replace(",", "")));
		}
		return sizes;
	}

	/**
	 * The same client started by {@code ./mvnw spring-boot:run}, which adds the agent
	 * named in the plugin's {@code <agents>} (the client's pom): its plain Predicate
	 * travels to the server, whose class path lacks it. Maven runs offline on this
	 * build's local repository, so the modules the client needs must be installed there:
	 * bin/test runs {@code ./mvnw install} and turns this test on
	 * ({@code -Dcloudpickle.springBootRunTest=true}); a plain {@code verify} skips it.
	 */
	@Test
	@Order(6)
	void theClientStartedBySpringBootRunGetsTheAgentFromThePluginsAgents() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("compute.springBootRun"),
				"runs in bin/test, after ./mvnw install");
		Map<String, String> environment = new java.util.HashMap<>(KEY_ENV);
		environment.put("JAVA_HOME", System.getProperty("java.home"));
		ChildJvm maven = ChildJvm.run(List.of(System.getProperty("compute.mavenWrapper"), "-o", "-B", "-q",
				"-Dmaven.repo.local=" + System.getProperty("compute.localRepository"), "-f",
				System.getProperty("compute.clientPom"), "spring-boot:run",
				"-Dspring-boot.run.jvmArguments=-XX:TieredStopAtLevel=1",
				"-Dspring-boot.run.arguments=--compute.server-url=" + baseUrl + " --compute.management-url="
						+ managementUrl),
				work.resolve("spring-boot-run.log"), environment);
		assertThat(passedEveryAnalysis(maven, Duration.ofSeconds(240))).doesNotContain("not Serializable");
	}

	/**
	 * Waits for a client run to end, prints its output and checks that it exited with 0
	 * after every analysis passed, the plain Predicate's among them, on a server that
	 * lacks the analyses' classes.
	 */
	private static String passedEveryAnalysis(ChildJvm client, Duration timeout) throws InterruptedException {
		int exit = client.await(timeout);
		String out = client.output();
		System.out.println(out);
		assertThat(exit).as(out).isZero();
		assertThat(out).contains("does the server's class path have com.example.analytics.SalesAnalyses? false")
			.contains("2. Top 5 products of 2024 (the filter, a plain Predicate, captures the year)")
			.containsPattern("5\\. .+€")
			.contains("[client] 8 analyses, 0 failed")
			.contains("[client] OK");
		return out;
	}

	@Test
	@Order(5)
	void unsignedAndWronglySignedPostsAreRefused() throws Exception {
		byte[] unsigned = CloudPickle.dumps(MapRequest.filter((SerPredicate<Sale>) (s) -> true, 1));
		HttpResponse<String> response = post(ComputeApi.MAP, unsigned);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("not signed");

		PayloadSigner otherSecret = PayloadSigner.hmacSha256("demo", new byte[32]).withIssuedAt();
		byte[] forged = Pickler.builder().signWith(otherSecret).build().dumps("x");
		HttpResponse<String> forgedResponse = post(ComputeApi.CALL, forged, sign(otherSecret, ComputeApi.CALL, forged));
		assertThat(forgedResponse.statusCode()).as(forgedResponse.body()).isEqualTo(403);
		assertThat(forgedResponse.body()).contains("signature is invalid");

		// Signed with the right key for another endpoint: refused.
		PayloadSigner key = PayloadSigner.hmacSha256("demo", Base64.getDecoder().decode(HMAC_KEY)).withIssuedAt();
		byte[] task = Pickler.builder()
			.signWith(key)
			.build()
			.dumps(MapRequest.filter((SerPredicate<Sale>) (s) -> true, 1));
		HttpResponse<String> retargeted = post(ComputeApi.CALL, task, sign(key, ComputeApi.MAP, task));
		assertThat(retargeted.statusCode()).as(retargeted.body()).isEqualTo(403);
		assertThat(retargeted.body()).contains("request signature is invalid");
	}

	private static Map<String, String> sign(PayloadSigner key, String path, byte[] payload) {
		return HttpRequestSigner.of(key)
			.sign(SignableRequest.of("POST", URI.create(path),
					(name) -> name.equals("content-type") ? List.of(ComputeApi.MEDIA_TYPE) : List.of()), payload);
	}

	private static HttpResponse<String> post(String path, byte[] payload) throws Exception {
		return post(path, payload, Map.of());
	}

	private static HttpResponse<String> post(String path, byte[] payload, Map<String, String> headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.header("Content-Type", ComputeApi.MEDIA_TYPE)
			.header("Accept", ComputeApi.MEDIA_TYPE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(payload));
		headers.forEach(request::header);
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	@Order(4)
	void jshellUsersDefineARecordAndLambdasAtThePromptAndRunThemOnTheServer() throws Exception {
		ByteArrayOutputStream console = new ByteArrayOutputStream();
		// What jshell -R-javaagent:cloudpickle-agent.jar --class-path ... does (remote
		// execution, JShell's default: the class path reaches the remote JVM's
		// application class loader); the HMAC key is what CLOUDPICKLE_HMAC_KEY gives a
		// jshell started from a shell; the script signs with it.
		String classPath = Files.readString(Paths.get(System.getProperty("compute.jshellClasspathFile"))).trim();
		try (JShell jshell = JShell.builder()
			.remoteVMOptions("-javaagent:" + System.getProperty("compute.jshellAgent"), "--class-path", classPath,
					"-Dcompute.server=" + baseUrl, "-Dcloudpickle.hmac-key=" + HMAC_KEY)
			.compilerOptions("--class-path", classPath)
			.out(new PrintStream(console, true, StandardCharsets.UTF_8))
			.err(new PrintStream(console, true, StandardCharsets.UTF_8))
			.build()) {
			loadScript(jshell, Files.readString(Paths.get(System.getProperty("compute.jshellScript"))));
			assertThat(eval(jshell, "computeServer()")).isEqualTo("\"" + baseUrl + "\"");

			// What the README shows.
			String byRegion = eval(jshell, "groupBy(null, Sale::region, s -> 1L, Long::sum)");
			assertThat(byRegion).matches("\\{AMER=\\d+, APAC=\\d+, EMEA=\\d+}");
			assertThat(eval(jshell, "reduce(null, s -> 1L, 0L, Long::sum)"))
				.isEqualTo(eval(jshell, "groupBy(null, Sale::region, s -> 1L, Long::sum).values().stream()"
						+ ".mapToLong(Long::longValue).sum()"));

			eval(jshell, "record Big(String store, String product, int quantity) {}");
			eval(jshell, "int threshold = 300;");
			// Rows<?>, not var: records of REPL classes come back as by-value copies of
			// those classes, which the prompt's
			// own Big cannot be cast from (cloudpickle-core does not yet map a class it
			// shipped back to the original).
			eval(jshell, "Rows<?> big = map(s -> s.quantity() >= threshold, "
					+ "s -> new Big(s.store(), s.product(), s.quantity()), 3);");
			assertThat(Long.parseLong(eval(jshell, "big.matched()"))).isPositive();
			assertThat(eval(jshell, "big.rows().size()")).isEqualTo("3");
			assertThat(eval(jshell, "big.rows().get(0).toString()")).startsWith("\"Big[store=");
			assertThat(eval(jshell, "big.rows().stream().allMatch(b -> b.toString().matches(\".*quantity=(\\\\d+)]\")"
					+ " && Integer.parseInt(b.toString().replaceAll(\".*quantity=(\\\\d+)]\", \"$1\")) >= 300)"))
				.isEqualTo("true");
			assertThat(eval(jshell, "filter(s -> s.discount() > 0.5, 2).get(0).discount() > 0.5")).isEqualTo("true");
			// A plain Predicate kept in a variable travels as it is (the agent).
			eval(jshell, "Predicate<Sale> bulk = s -> s.quantity() >= threshold;");
			assertThat(eval(jshell, "filter(bulk, 2).stream().allMatch(s -> s.quantity() >= 300)")).isEqualTo("true");
			// The runtime MXBean, not ProcessHandle: the server's bytecode check refuses
			// code naming ProcessHandle.
			assertThat(eval(jshell,
					"call(() -> List.of(java.lang.management.ManagementFactory.getRuntimeMXBean().getPid(), "
							+ "Big.class.getClassLoader().getName()))"))
				.doesNotContain(String.valueOf(ProcessHandle.current().pid()))
				.contains("cloudpickle-bundle-");

			// Code the server's bytecode check refuses never runs there: 403.
			List<SnippetEvent> refused = jshell.eval("call(() -> ProcessHandle.current().pid())");
			assertThat(refused)
				.anySatisfy((e) -> assertThat(String.valueOf(e.exception() == null ? null : e.exception().getMessage()))
					.contains("answered 403")
					.contains("references java.lang.ProcessHandle"));

			// A task that throws rethrows at the prompt.
			List<SnippetEvent> events = jshell.eval("call(() -> 1 / (threshold - 300))");
			assertThat(events).anySatisfy((e) -> {
				assertThat(e.exception()).isInstanceOf(EvalException.class);
				assertThat(((EvalException) e.exception()).getExceptionClassName())
					.isEqualTo("java.lang.ArithmeticException");
			});
		}
		// The REPL classes were defined in the worker processes, never in the server.
		assertThat(get("/actuator/cloudpickle")).contains("\"loadersCreated\":0");
	}

	/** Splits a script into snippets the way the jshell tool does, and evaluates each. */
	private static void loadScript(JShell jshell, String script) {
		SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
		String remaining = script;
		while (!remaining.isBlank()) {
			SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
			if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
				break;
			}
			assertThat(info.completeness().isComplete()).as("complete snippet at: %s", remaining).isTrue();
			eval(jshell, info.source());
			remaining = info.remaining();
		}
	}

	private static String get(String path) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(managementUrl + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
		return response.body();
	}

}
