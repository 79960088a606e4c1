package com.example.compute.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import com.example.compute.api.ComputeApi;
import com.example.compute.api.TaskResult;
import com.example.compute.api.TaskStatus;
import com.example.compute.e2e.tasks.LoadTasks;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.PayloadSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A timing harness, not a test of speed (it asserts only that every task succeeded):
 * per-task round trips of the real server jar in each isolation mode, sequentially from
 * one client, for a trivial {@code Callable} and for a reduce over the whole dataset. Off
 * by default; run with
 * {@code -Dtest=IsolationOverheadMeasurement -Dmeasure.isolation=true}. Figures go to
 * standard output and {@code target/isolation-overhead.txt}.
 */
@EnabledIfSystemProperty(named = "measure.isolation", matches = "true")
class IsolationOverheadMeasurement {

	private static final int WARM_UP = 200;

	private static final int MEASURED = 500;

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void perTaskRoundTripsInEachIsolationMode() throws Exception {
		String key = ChildJvm.randomHmacKey();
		Pickler signed = Pickler.builder()
			.byValuePackages(LoadTasks.class.getPackageName())
			.signWith(PayloadSigner.hmacSha256("demo", Base64.getDecoder().decode(key)).withIssuedAt())
			.build();
		StringBuilder report = new StringBuilder();
		for (String isolation : List.of("thread", "process")) {
			int port = ChildJvm.freePort();
			int management = ChildJvm.freePort();
			Path target = Paths.get(System.getProperty("basedir", "."), "target");
			try (ChildJvm server = ChildJvm.start(System.getProperty("compute.serverJar"),
					target.resolve("overhead-" + isolation + ".log"), Map.of("CLOUDPICKLE_HMAC_KEY", key),
					"--server.port=" + port, "--server.address=127.0.0.1", "--management.server.port=" + management,
					"--compute.isolation=" + isolation, "--compute.worker.max-tasks=100000",
					"--cloudpickle.security.allowed-by-value-packages=" + LoadTasks.class.getPackageName(),
					"--logging.level.com.example.compute=warn",
					"--logging.level.com.example.compute.server.ProcessTaskPool=info")) {
				server.awaitHealthy("http://127.0.0.1:" + management + "/actuator/health", Duration.ofSeconds(120));
				String base = "http://127.0.0.1:" + port;
				report.append(measure(isolation, "call (a trivial Callable)", base + ComputeApi.CALL, signed,
						(i) -> LoadTasks.digest(i, 1)));
				report.append(measure(isolation, "reduce (300,118 rows)", base + ComputeApi.REDUCE, signed,
						(i) -> LoadTasks.unitsFrom(1 + i % 50)));
			}
		}
		System.out.println(report);
		Path target = Paths.get(System.getProperty("basedir", "."), "target");
		Files.createDirectories(target);
		Files.writeString(target.resolve("isolation-overhead.txt"), report);
	}

	private static String measure(String isolation, String what, String url, Pickler signed, IntFunction<Object> task)
			throws Exception {
		List<Long> micros = new ArrayList<>();
		for (int i = 0; i < WARM_UP + MEASURED; i++) {
			byte[] body = signed.dumps(task.apply(i));
			long start = System.nanoTime();
			HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", ComputeApi.MEDIA_TYPE)
				.header("Accept", ComputeApi.MEDIA_TYPE)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			long elapsed = (System.nanoTime() - start) / 1000;
			assertThat(response.statusCode()).isEqualTo(200);
			TaskResult<?> result = (TaskResult<?>) CloudPickle.loads(response.body());
			assertThat(result.status()).as("%s", result.errorMessage()).isEqualTo(TaskStatus.OK);
			if (i >= WARM_UP) {
				micros.add(elapsed);
			}
		}
		Collections.sort(micros);
		double mean = micros.stream().mapToLong(Long::longValue).average().orElse(0);
		return String.format("%-8s %-28s round trip: mean %7.2f ms, median %7.2f ms, p95 %7.2f ms (%d tasks)%n",
				isolation, what, mean / 1000, micros.get(micros.size() / 2) / 1000.0,
				micros.get(micros.size() * 95 / 100) / 1000.0, micros.size());
	}

}
