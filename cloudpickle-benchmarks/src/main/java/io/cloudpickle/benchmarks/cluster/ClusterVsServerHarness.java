package io.cloudpickle.benchmarks.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import com.example.benchmarks.clusterjobs.SalesJobs;
import com.example.compute.api.ComputeApi;
import com.example.compute.api.TaskResult;
import com.example.compute.api.TaskStatus;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.Pickler;
import io.cloudpickle.hazelcast.CloudPickleHazelcast;
import io.cloudpickle.hazelcast.Traffic;
import io.cloudpickle.security.HttpRequestSigner;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;
import io.cloudpickle.security.SignableRequest;

/**
 * A timed harness (not JMH: one call is a network round trip to other JVMs) for
 * docs/BENCHMARKS.md. The same group-by (2024 revenue by region over the 300,118 sales)
 * from this JVM, pickled by value and HMAC-signed:
 * <ul>
 * <li>to the single compute server ({@code samples/compute-server}'s jar) over HTTP, as
 * its callers do: a signed {@code POST /compute/dataset/group-by}, run in a worker JVM
 * ({@code compute.isolation=process}, the default) and again on the server's own threads
 * ({@code thread});</li>
 * <li>to three cluster members, each a JVM of {@code samples/compute-cluster}'s member
 * jar holding a third of the sales, through a Hazelcast client and
 * {@code CloudPickleHazelcast.groupBy} (partial results merged on the members).</li>
 * </ul>
 * Each path is started, timed (the first call, then the median of later calls after
 * warm-up) and stopped before the next, so they never share the cores. Results are
 * checked against each other. It also reports the bytes of each call: the HTTP request
 * carries its class bytes every time; the cluster sends them once per member.
 *
 * <p>
 * {@code java -cp cloudpickle-benchmarks/target/benchmarks.jar
 * io.cloudpickle.benchmarks.cluster.ClusterVsServerHarness compute-server.jar
 * cluster-member.jar [rounds] [warm-up calls]}
 */
public final class ClusterVsServerHarness {

	private static final String KEY_ID = "demo";

	private static final String BY_VALUE = "com.example.benchmarks.clusterjobs";

	/** Held, so that its level stays set (JUL keeps loggers weakly). */
	private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");

	private final String serverJar;

	private final String memberJar;

	private final int rounds;

	private final int warmups;

	private final byte[] key = new byte[32];

	private final Pickler pickler;

	private final Map<String, String> environment;

	private ClusterVsServerHarness(String serverJar, String memberJar, int rounds, int warmups) {
		this.serverJar = serverJar;
		this.memberJar = memberJar;
		this.rounds = rounds;
		this.warmups = warmups;
		new SecureRandom().nextBytes(this.key);
		this.pickler = Pickler.builder()
			.useGlobalRegistry(false)
			.byValuePackages(BY_VALUE)
			.signWith(PayloadSigner.hmacSha256(KEY_ID, this.key).withIssuedAt())
			.verifyWith(PayloadVerifier.hmacSha256(KEY_ID, this.key))
			.build();
		this.environment = Map.of("CLOUDPICKLE_HMAC_KEY", Base64.getEncoder().encodeToString(this.key));
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 2) {
			System.err
				.println("usage: ClusterVsServerHarness compute-server.jar cluster-member.jar [rounds] [warm-up]");
			System.exit(2);
		}
		HAZELCAST_LOGGER.setLevel(Level.WARNING);
		for (String jar : List.of(args[0], args[1])) {
			if (!Files.isRegularFile(Path.of(jar))) {
				throw new IllegalArgumentException(jar + " does not exist: build the samples first");
			}
		}
		ClusterVsServerHarness harness = new ClusterVsServerHarness(args[0], args[1],
				(args.length > 2) ? Integer.parseInt(args[2]) : 20, (args.length > 3) ? Integer.parseInt(args[3]) : 5);
		String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
		Run process = harness.server("process");
		Run thread = harness.server("thread");
		Run cluster = harness.cluster();
		String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
		thread.checkSameResult(process);
		cluster.checkSameResult(process);
		System.out.printf(Locale.ROOT,
				"%nJDK %s, %d cores; load average before %s, after %s; %d timed calls after %d" + " warm-up calls%n%n",
				Runtime.version(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, harness.rounds,
				harness.warmups);
		System.out.println("| group-by 2024 revenue by region, 300,118 rows | first call ms | median ms | min ms"
				+ " | bytes sent per call: first / later (class bytes) |");
		System.out.println("|---|---:|---:|---:|---|");
		process.print("one compute server, HTTP, worker JVM (`compute.isolation=process`)");
		thread.print("one compute server, HTTP, server threads (`compute.isolation=thread`)");
		cluster.print("3 member JVMs, Hazelcast client, `CloudPickleHazelcast.groupBy`");
		System.out.println();
		System.out.println("rows scanned per member: " + cluster.note);
	}

	/** The group-by, timed, against a compute server with this isolation. */
	private Run server(String isolation) throws Exception {
		List<Integer> ports = ChildJvm.freePorts(2);
		try (ChildJvm server = ChildJvm.start("compute-server", List.of("-Xmx1g"), this.serverJar,
				List.of("--server.port=" + ports.get(0), "--server.address=127.0.0.1",
						"--management.server.port=" + ports.get(1), "--compute.isolation=" + isolation,
						"--cloudpickle.security.allowed-by-value-packages=" + BY_VALUE, "--logging.level.root=warn"),
				this.environment)) {
			HttpClient http = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(Duration.ofSeconds(10))
				.build();
			awaitHealthy(http, server, "http://127.0.0.1:" + ports.get(1) + "/actuator/health");
			URI uri = URI.create("http://127.0.0.1:" + ports.get(0) + ComputeApi.GROUP_BY);
			HttpRequestSigner signer = HttpRequestSigner.of(PayloadSigner.hmacSha256(KEY_ID, this.key));
			Pickler results = Pickler.builder().useGlobalRegistry(false).build();
			long[] sent = new long[1];
			Call call = () -> {
				byte[] body = this.pickler.dumps(SalesJobs.revenueByRegion());
				sent[0] = body.length;
				HttpRequest.Builder request = HttpRequest.newBuilder(uri)
					.timeout(Duration.ofSeconds(60))
					.header("Content-Type", ComputeApi.MEDIA_TYPE)
					.header("Accept", ComputeApi.MEDIA_TYPE)
					.POST(HttpRequest.BodyPublishers.ofByteArray(body));
				signer.sign(SignableRequest.of("POST", uri,
						(name) -> name.equalsIgnoreCase("content-type") ? List.of(ComputeApi.MEDIA_TYPE) : List.of()),
						body)
					.forEach(request::header);
				HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
				if (response.statusCode() != 200) {
					throw new IllegalStateException("the server answered " + response.statusCode() + ": "
							+ new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
				}
				TaskResult<?> result = (TaskResult<?>) results.loads(response.body());
				if (result.status() != TaskStatus.OK) {
					throw new IllegalStateException("the task ended " + result.status() + ": " + result.errorMessage());
				}
				return (Map<?, ?>) result.value();
			};
			Run run = time(call);
			long classBytes = this.pickler.dumpsFor(new PeerClasses(), SalesJobs.revenueByRegion()).classBytes();
			run.bytes = String.format(Locale.ROOT, "%,d (%,d) / %,d (%,d)", sent[0], classBytes, sent[0], classBytes);
			return run;
		}
	}

	/** The group-by, timed, on three member JVMs through a Hazelcast client. */
	private Run cluster() throws Exception {
		List<Integer> ports = ChildJvm.freePorts(3);
		String name = "harness-" + UUID.randomUUID();
		String all = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
		List<ChildJvm> members = new ArrayList<>();
		HazelcastInstance client = null;
		try {
			for (int i = 0; i < ports.size(); i++) {
				members.add(ChildJvm.start("member-" + i, List.of("-Xmx512m", "-XX:+UseSerialGC"), this.memberJar,
						List.of("--cluster.name=" + name, "--cluster.port=" + ports.get(i), "--cluster.members=" + all,
								"--cluster.loader=" + (i == 0),
								"--cloudpickle.security.allowed-by-value-packages=" + BY_VALUE),
						this.environment));
			}
			for (ChildJvm member : members) {
				member.awaitOutput("MEMBER READY", 300);
			}
			members.get(0).awaitOutput("SALES LOADED", 600);
			ClientConfig config = new ClientConfig();
			config.setClusterName(name);
			config.setProperty("hazelcast.phone.home.enabled", "false");
			config.setProperty("hazelcast.logging.type", "jdk");
			ports.forEach((port) -> config.getNetworkConfig().addAddress("127.0.0.1:" + port));
			config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(60_000);
			client = HazelcastClient.newHazelcastClient(config);
			CloudPickleHazelcast cluster = CloudPickleHazelcast.on(client, this.pickler)
				.withTimeout(Duration.ofSeconds(120));
			Traffic[] last = new Traffic[2];
			Call call = () -> {
				Traffic before = cluster.traffic();
				Map<?, ?> result = cluster
					.groupBy("sales", SalesJobs.inYear(), SalesJobs.region(), SalesJobs.revenue(), SalesJobs.plus())
					.get(120, TimeUnit.SECONDS);
				last[(last[0] == null) ? 0 : 1] = cluster.traffic().since(before);
				return result;
			};
			Run run = time(call);
			run.bytes = String.format(Locale.ROOT, "%,d (%,d) / %,d (%,d)", last[0].payloadBytes(),
					last[0].classBytes(), last[1].payloadBytes(), last[1].classBytes());
			run.note = cluster.onAllMembers(SalesJobs.localRows("sales")).get(120, TimeUnit.SECONDS).toString();
			return run;
		}
		finally {
			if (client != null) {
				client.shutdown();
			}
			members.forEach(ChildJvm::close);
		}
	}

	private Run time(Call call) throws Exception {
		Run run = new Run();
		long start = System.nanoTime();
		run.result = call.run();
		run.firstMillis = (System.nanoTime() - start) / 1e6;
		for (int i = 0; i < this.warmups; i++) {
			call.run();
		}
		run.millis = new double[this.rounds];
		for (int i = 0; i < this.rounds; i++) {
			start = System.nanoTime();
			Map<?, ?> result = call.run();
			run.millis[i] = (System.nanoTime() - start) / 1e6;
			run.checkSameResult(result);
		}
		return run;
	}

	private static void awaitHealthy(HttpClient http, ChildJvm server, String url) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
		while (System.nanoTime() < deadline) {
			if (!server.isAlive()) {
				throw new IllegalStateException("the compute server exited:\n" + server.output());
			}
			try {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (java.io.IOException notYet) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("the compute server was not healthy within 300 s:\n" + server.output());
	}

	/** One call of the group-by, returning its result. */
	@FunctionalInterface
	private interface Call {

		Map<?, ?> run() throws Exception;

	}

	/** The timings and result of one path. */
	private static final class Run {

		Map<?, ?> result;

		double firstMillis;

		double[] millis;

		String bytes;

		String note;

		void checkSameResult(Run other) {
			checkSameResult(other.result);
		}

		void checkSameResult(Map<?, ?> other) {
			if (!this.result.keySet().equals(other.keySet())) {
				throw new IllegalStateException("groups differ: " + this.result + " vs " + other);
			}
			this.result.forEach((group, sum) -> {
				double expected = ((Number) sum).doubleValue();
				double actual = ((Number) other.get(group)).doubleValue();
				if (Math.abs(expected - actual) > 1e-6 * Math.abs(expected)) {
					throw new IllegalStateException("sum of " + group + " differs: " + expected + " vs " + actual);
				}
			});
		}

		void print(String path) {
			double[] sorted = this.millis.clone();
			Arrays.sort(sorted);
			double median = (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
					: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
			System.out.printf(Locale.ROOT, "| %s | %,.1f | %,.1f | %,.1f | %s |%n", path, this.firstMillis, median,
					sorted[0], this.bytes);
		}

	}

}
