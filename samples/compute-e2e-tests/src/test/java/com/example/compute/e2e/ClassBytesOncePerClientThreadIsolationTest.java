package com.example.compute.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.example.compute.e2e.PeerCalls.Call;
import com.example.compute.e2e.tasks.peer.SumTasks;
import com.example.compute.e2e.tasks.peer.UnsentTasks;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.security.PayloadSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class bytes once per client with {@code compute.isolation=thread}: the server loads
 * bodies itself, and its own class space resolves the classes they name by hash. Later
 * bodies are smaller by at least the class bytes; a class it does not hold gets 409, and
 * the gates judge a class named by hash by what the payload reaches.
 */
class ClassBytesOncePerClientThreadIsolationTest {

	private static final String TASKS_PACKAGE = "com.example.compute.e2e.tasks.peer";

	private static final String HMAC_KEY = ChildJvm.randomHmacKey();

	private static final PayloadSigner DEMO = PayloadSigner.hmacSha256("demo", Base64.getDecoder().decode(HMAC_KEY))
		.withIssuedAt();

	@TempDir
	static Path work;

	private static ChildJvm server;

	private static int port;

	private static final PeerCalls CALLS = new PeerCalls(TASKS_PACKAGE, () -> port);

	@BeforeAll
	static void startServer() throws Exception {
		port = ChildJvm.freePort();
		int managementPort = ChildJvm.freePort();
		server = ChildJvm.start(System.getProperty("compute.serverJar"), work.resolve("server.log"),
				Map.of("CLOUDPICKLE_HMAC_KEY", HMAC_KEY), "--server.port=" + port, "--server.address=127.0.0.1",
				"--management.server.port=" + managementPort, "--compute.isolation=thread",
				"--cloudpickle.security.allowed-by-value-packages=com.example.analytics,REPL," + TASKS_PACKAGE);
		server.awaitHealthy("http://127.0.0.1:" + managementPort + "/actuator/health", Duration.ofSeconds(120));
	}

	@AfterAll
	static void stopServer() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void laterBodiesNameTheClassesByHashAndWhatTheServerLacksGets409() throws Exception {
		PeerClasses peer = new PeerClasses();
		Call first = CALLS.call(DEMO, peer, SumTasks.sumTo(200));
		assertThat(first.value()).isEqualTo(20_100L);
		assertThat(first.held()).containsExactlyInAnyOrderElementsOf(first.sent().shippedHashes()).isNotEmpty();

		Call second = CALLS.call(DEMO, peer, SumTasks.evensTo(200));
		assertThat(second.value()).isEqualTo(100L);
		assertThat(second.sent().classBytes()).isZero();
		assertThat(second.bytes()).isLessThanOrEqualTo(first.bytes() - (int) first.sent().classBytes() + 64);
		assertThat(PeerCalls.classesByHashLogged(server.output(), second)).isEqualTo(2);

		// The gates judge the class named by hash by what this payload reaches.
		Call exit = CALLS.call(DEMO, peer, SumTasks.exit());
		assertThat(exit.sent().classBytes()).isZero();
		assertThat(exit.status()).as(exit.body()).isEqualTo(403);
		assertThat(exit.body()).contains("System.exit");

		PeerClasses lying = new PeerClasses();
		List<String> unsent = CALLS.classesOf(UnsentTasks.hello());
		lying.confirm(unsent);
		Call byHash = CALLS.call(DEMO, lying, UnsentTasks.hello());
		assertThat(byHash.status()).as(byHash.body()).isEqualTo(409);
		assertThat(byHash.missing()).containsExactlyInAnyOrderElementsOf(unsent);
		assertThat(CALLS.resendAfter(byHash, DEMO, lying, UnsentTasks.hello()).value())
			.isEqualTo("hello from a class the server never received");
	}

}
