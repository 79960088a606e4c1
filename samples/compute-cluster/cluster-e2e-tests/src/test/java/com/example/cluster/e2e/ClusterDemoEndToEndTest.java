package com.example.cluster.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * bin/demo-cluster's applications, as real JVMs: three members (loopback, TCP-IP join,
 * free ports, a random HMAC key) holding the 300,000 sales partitioned in an IMap, and
 * the client whose analyses no member has. Checks the client's printed results against
 * the data set read here.
 */
class ClusterDemoEndToEndTest {

	@TempDir
	Path logs;

	@Test
	void theClientsAnalysesRunDataLocalOnThreeMembers() throws Exception {
		String memberJar = System.getProperty("cluster.memberJar");
		String clientJar = System.getProperty("cluster.clientJar");
		try (JarFile jar = new JarFile(memberJar)) {
			assertThat(jar.stream().map((entry) -> entry.getName()).filter((name) -> name.contains("clusteranalytics")))
				.as("no member has the client's package")
				.isEmpty();
		}
		List<Integer> ports = freePorts(3);
		String members = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
		String cluster = "e2e-" + UUID.randomUUID();
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		Map<String, String> environment = Map.of("CLOUDPICKLE_HMAC_KEY", Base64.getEncoder().encodeToString(secret));
		List<Process> started = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				started.add(start(memberJar, this.logs.resolve("member-" + i + ".log"), environment, "-Xmx384m",
						"--cluster.name=" + cluster, "--cluster.port=" + ports.get(i), "--cluster.members=" + members,
						"--cluster.loader=" + (i == 0)));
			}
			Path clientLog = this.logs.resolve("client.log");
			Process client = start(clientJar, clientLog, environment, "-Xmx256m", "--cluster.name=" + cluster,
					"--cluster.members=" + members);
			started.add(client);
			assertThat(client.waitFor(240, TimeUnit.SECONDS)).as("client finished; log:\n%s", read(clientLog)).isTrue();
			String output = read(clientLog);
			assertThat(client.exitValue()).as(output).isZero();
			assertThat(output).contains("ANALYSES DONE");
			checkResults(output);
		}
		finally {
			for (Process process : started) {
				process.destroy();
			}
			for (Process process : started) {
				if (!process.waitFor(15, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
		}
	}

	private void checkResults(String output) throws IOException {
		Map<String, Double> revenue2024 = new HashMap<>();
		long units = 0;
		long rows = 0;
		try (BufferedReader in = new BufferedReader(new InputStreamReader(
				new GZIPInputStream(Files.newInputStream(Paths.get(System.getProperty("cluster.salesData")))),
				StandardCharsets.UTF_8))) {
			in.readLine();
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				String[] f = line.split(",", -1);
				int quantity = Integer.parseInt(f[7]);
				units += quantity;
				rows++;
				if (f[0].startsWith("2024-")) {
					revenue2024.merge(f[1], quantity * Double.parseDouble(f[8]) * (1 - Double.parseDouble(f[9])),
							Double::sum);
				}
			}
		}
		Matcher scans = Pattern.compile("member (\\S+) scanned (\\d+) rows").matcher(output);
		long total = 0;
		int members = 0;
		while (scans.find()) {
			long scanned = Long.parseLong(scans.group(2));
			assertThat(scanned).as("each member holds about a third")
				.isBetween(rows / 3 - rows / 10, rows / 3 + rows / 10);
			total += scanned;
			members++;
		}
		assertThat(members).isEqualTo(3);
		assertThat(total).isEqualTo(rows);
		assertThat(output).contains("rows scanned in total: " + rows);

		assertThat(revenue2024).isNotEmpty();
		for (Map.Entry<String, Double> region : revenue2024.entrySet()) {
			Matcher line = Pattern.compile("revenue 2024 " + region.getKey() + ": ([0-9.]+) EUR").matcher(output);
			assertThat(line.find()).as("line for %s in\n%s", region.getKey(), output).isTrue();
			assertThat(Double.parseDouble(line.group(1))).isCloseTo(region.getValue(), within(0.01));
		}
		assertThat(output).contains("units sold: " + units);
		assertThat(output).containsPattern("sale 123456: \\[127\\.0\\.0\\.1\\]:\\d+ holds Sale\\[id=123456,");

		Matcher traffic = Pattern
			.compile("first call (\\d+) \\(class bytes (\\d+)\\), second call (\\d+) \\(class bytes (\\d+)\\)")
			.matcher(output);
		assertThat(traffic.find()).isTrue();
		assertThat(Long.parseLong(traffic.group(2))).isPositive();
		assertThat(Long.parseLong(traffic.group(4))).isZero();
		assertThat(Long.parseLong(traffic.group(3))).isLessThan(Long.parseLong(traffic.group(1)));

		// The captured FxRates bean resolved on each member: each converts with its own
		// rates.
		Matcher converted = Pattern.compile("local revenue converted by member on port (\\d+): [0-9,.]+ USD")
			.matcher(output);
		int conversions = 0;
		while (converted.find()) {
			conversions++;
		}
		assertThat(conversions).as(output).isEqualTo(3);
		assertThat(output).doesNotContain("converted by the client");
	}

	private static Process start(String jar, Path log, Map<String, String> environment, String heap, String... args)
			throws IOException {
		assertThat(Paths.get(jar)).as("build the samples first (mvn package)").isRegularFile();
		List<String> command = new ArrayList<>(
				List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), heap,
						"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().remove("JAVA_TOOL_OPTIONS");
		builder.environment().putAll(environment);
		return builder.start();
	}

	private static String read(Path log) throws IOException {
		return Files.exists(log) ? Files.readString(log) : "";
	}

	private static List<Integer> freePorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

}
