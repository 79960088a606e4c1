package com.example.compute.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.compute.e2e.PeerCalls.Call;
import com.example.compute.e2e.tasks.peer.ExitTasks;
import com.example.compute.e2e.tasks.peer.SumTasks;
import com.example.compute.e2e.tasks.peer.UnsentTasks;
import com.example.compute.e2e.tasks.peer.WordTasks;
import io.cloudpickle.ClassesMissingException;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.security.PayloadSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Class bytes once per client against the real compute server jar (a child JVM on
 * loopback, tasks loaded by its worker processes): the server confirms the classes a
 * worker loaded ({@code Cloudpickle-Holds}), later bodies name them by SHA-256 only and
 * are smaller by at least their class bytes, with the same answers; a body naming a class
 * the server does not hold for its key (never sent, sent under another key, refused by
 * the gates, evicted, or lost in a restart) gets 409 with the missing hashes and runs
 * nothing, and the body sent again with the bytes succeeds; a class named by hash is
 * judged by the worker's gates against what the payload reaches, as if its bytes had been
 * sent.
 *
 * <p>
 * This test is the client ({@link PeerCalls}): it pickles with
 * {@link io.cloudpickle.Pickler#dumpsFor}, signs each request as the starter's clients
 * do, and follows the same exchange; it measures each body it sends, and the server's log
 * line for the task gives the size the server received.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassBytesOncePerClientTest {

	private static final String TASKS_PACKAGE = "com.example.compute.e2e.tasks.peer";

	private static final String HMAC_KEY = ChildJvm.randomHmacKey();

	private static final String OTHER_KEY = ChildJvm.randomHmacKey();

	private static final PayloadSigner DEMO = PayloadSigner.hmacSha256("demo", Base64.getDecoder().decode(HMAC_KEY))
		.withIssuedAt();

	private static final PayloadSigner OTHER = PayloadSigner.hmacSha256("other", Base64.getDecoder().decode(OTHER_KEY))
		.withIssuedAt();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final PeerCalls CALLS = new PeerCalls(TASKS_PACKAGE, () -> ClassBytesOncePerClientTest.port);

	/** The class store's bound in the restarted server: small, so that it evicts. */
	private static final int SMALL_STORE = 3;

	@TempDir
	static Path work;

	private static ChildJvm server;

	private static int port;

	private static int managementPort;

	private static int serverStarts;

	/** What the server confirmed to the "demo" key holder, across tests. */
	private static final PeerClasses demoPeer = new PeerClasses();

	@BeforeAll
	static void startServer() throws Exception {
		port = ChildJvm.freePort();
		managementPort = ChildJvm.freePort();
		start();
	}

	private static void start(String... extra) throws Exception {
		List<String> arguments = new java.util.ArrayList<>(List.of("--server.port=" + port,
				"--server.address=127.0.0.1", "--management.server.port=" + managementPort, "--compute.workers=2",
				"--cloudpickle.security.hmac.keys.other=" + OTHER_KEY,
				"--cloudpickle.security.allowed-by-value-packages=com.example.analytics,REPL," + TASKS_PACKAGE));
		arguments.addAll(List.of(extra));
		server = ChildJvm.start(System.getProperty("compute.serverJar"),
				work.resolve("server-" + (++serverStarts) + ".log"), Map.of("CLOUDPICKLE_HMAC_KEY", HMAC_KEY),
				arguments.toArray(new String[0]));
		server.awaitHealthy("http://127.0.0.1:" + managementPort + "/actuator/health", Duration.ofSeconds(120));
	}

	@AfterAll
	static void stopServer() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	@Test
	@Order(1)
	void laterCallsNameTheConfirmedClassesByHashAndAreSmallerByTheirBytes() throws Exception {
		Call first = CALLS.call(DEMO, demoPeer, SumTasks.sumTo(1000));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.value()).isEqualTo(500_500L);
		int classBytes = (int) first.sent().classBytes();
		assertThat(first.sent().shippedHashes()).hasSize(2);
		assertThat(classBytes).isGreaterThan(1000);
		assertThat(first.held()).as("confirmed after a worker loaded them")
			.containsExactlyInAnyOrderElementsOf(first.sent().shippedHashes());
		assertThat(PeerCalls.classesByHashLogged(server.output(), first)).isEqualTo(0);

		for (int i = 0; i < 3; i++) {
			Call again = CALLS.call(DEMO, demoPeer, SumTasks.sumTo(1000 + i));
			assertThat(again.status()).isEqualTo(200);
			assertThat(again.value()).isEqualTo((1000L + i) * (1001 + i) / 2);
			assertThat(again.sent().shippedHashes()).isEmpty();
			assertThat(again.sent().referencedHashes())
				.containsExactlyInAnyOrderElementsOf(first.sent().shippedHashes());
			assertThat(again.bytes()).as("smaller than the first body by at least the class bytes")
				.isLessThanOrEqualTo(first.bytes() - classBytes);
			assertThat(again.held()).isEmpty();
			assertThat(PeerCalls.classesByHashLogged(server.output(), again))
				.as("classes named by hash, in the server's log")
				.isEqualTo(2);
		}

		// Another task of the same classes: by hash from its first call.
		Call evens = CALLS.call(DEMO, demoPeer, SumTasks.evensTo(99));
		assertThat(evens.value()).isEqualTo(49L);
		assertThat(evens.sent().classBytes()).isZero();
		assertThat(evens.bytes()).isLessThanOrEqualTo(first.bytes() - classBytes + 64);
	}

	@Test
	@Order(2)
	void aClassTheClientNeverSentIsRefusedWith409AndRunsNothing() throws Exception {
		PeerClasses lying = new PeerClasses();
		List<String> unsent = CALLS.classesOf(UnsentTasks.hello());
		lying.confirm(unsent);
		String logBefore = server.output();

		Call byHash = CALLS.call(DEMO, lying, UnsentTasks.hello());
		assertThat(byHash.sent().referencedHashes()).containsExactlyElementsOf(unsent);
		assertThat(byHash.status()).as(byHash.body()).isEqualTo(409);
		assertThat(byHash.missing()).containsExactlyElementsOf(unsent);
		assertThat(byHash.body()).contains("missingClasses").contains(UnsentTasks.class.getName());
		assertThat(server.output().substring(logBefore.length())).as("no task ran")
			.doesNotContain(" classes by hash): ");

		// The exchange: forget them, send the bytes.
		Call resent = CALLS.resendAfter(byHash, DEMO, lying, UnsentTasks.hello());
		assertThat(resent.value()).isEqualTo("hello from a class the server never received");
		assertThat(resent.held()).containsExactlyElementsOf(unsent);
	}

	@Test
	@Order(3)
	void aClassSentUnderOneKeyIsNotServedToAnother() throws Exception {
		PeerClasses otherPeer = new PeerClasses();
		// The other key holder claims the classes the "demo" key sent.
		otherPeer.confirm(List.copyOf(CALLS.classesOf(SumTasks.sumTo(1))));
		Call byHash = CALLS.call(OTHER, otherPeer, SumTasks.sumTo(10));
		assertThat(byHash.status()).as(byHash.body()).isEqualTo(409);
		assertThat(byHash.missing()).containsExactlyInAnyOrderElementsOf(CALLS.classesOf(SumTasks.sumTo(1)));

		Call resent = CALLS.resendAfter(byHash, OTHER, otherPeer, SumTasks.sumTo(10));
		assertThat(resent.value()).isEqualTo(55L);
		assertThat(resent.held()).containsExactlyInAnyOrderElementsOf(CALLS.classesOf(SumTasks.sumTo(1)));
		Call byHashNow = CALLS.call(OTHER, otherPeer, SumTasks.sumTo(11));
		assertThat(byHashNow.status()).isEqualTo(200);
		assertThat(byHashNow.value()).isEqualTo(66L);
		assertThat(byHashNow.sent().classBytes()).isZero();
	}

	@Test
	@Order(4)
	void theWorkersGatesJudgeAClassNamedByHashByWhatThePayloadReaches() throws Exception {
		// SumTasks passed the gates for sumTo; its exit task lies in the same class file,
		// now named by hash only: the worker refuses what this payload reaches.
		Call exit = CALLS.call(DEMO, demoPeer, SumTasks.exit());
		assertThat(exit.sent().shippedHashes()).isEmpty();
		assertThat(exit.sent().referencedHashes()).containsAll(CALLS.classesOf(SumTasks.sumTo(1)));
		assertThat(exit.status()).as(exit.body()).isEqualTo(403);
		assertThat(exit.body()).contains("System.exit");
		assertThat(exit.held()).isEmpty();

		// The worker is still there, and the same classes still serve a harmless task.
		Call after = CALLS.call(DEMO, demoPeer, SumTasks.sumTo(3));
		assertThat(after.value()).isEqualTo(6L);
		assertThat(after.sent().classBytes()).isZero();
	}

	@Test
	@Order(5)
	void aClassTheGatesRefusedIsNeverHeldSoNamingItByHashGets409() throws Exception {
		PeerClasses peer = new PeerClasses();
		Call refused = CALLS.call(DEMO, peer, ExitTasks.exit());
		assertThat(refused.sent().shippedHashes()).isNotEmpty();
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		assertThat(refused.held()).isEmpty();

		// A client that claims the server holds them anyway.
		peer.confirm(refused.sent().shippedHashes());
		Call byHash = CALLS.call(DEMO, peer, ExitTasks.exit());
		assertThat(byHash.sent().classBytes()).isZero();
		assertThat(byHash.status()).as(byHash.body()).isEqualTo(409);
		assertThat(byHash.missing()).containsExactlyInAnyOrderElementsOf(refused.sent().shippedHashes());
		// Sent again with the bytes, the gates refuse it again.
		peer.forget(new ClassesMissingException(
				byHash.missing().stream().map((sha) -> new ClassesMissingException.MissingClass("?", sha)).toList()));
		assertThat(CALLS.call(DEMO, peer, ExitTasks.exit()).status()).isEqualTo(403);
	}

	@Test
	@Order(6)
	void afterARestartAndAfterAnEvictionTheServerAsksForTheBytesOnceAndTheCallSucceeds() throws Exception {
		server.close();
		start("--compute.class-store.max-classes=" + SMALL_STORE);

		// The client still believes the server holds SumTasks: 409, then the bytes.
		Call byHash = CALLS.call(DEMO, demoPeer, SumTasks.sumTo(100));
		assertThat(byHash.status()).as(byHash.body()).isEqualTo(409);
		assertThat(byHash.missing()).containsExactlyInAnyOrderElementsOf(byHash.sent().referencedHashes());
		Call resent = CALLS.resendAfter(byHash, DEMO, demoPeer, SumTasks.sumTo(100));
		assertThat(resent.value()).isEqualTo(5050L);
		assertThat(resent.sent().classBytes()).isPositive();
		assertThat(CALLS.call(DEMO, demoPeer, SumTasks.sumTo(101)).sent().classBytes()).isZero();

		// WordTasks's three classes fill the store of three: SumTasks's two are evicted.
		Call words = CALLS.call(DEMO, demoPeer, WordTasks.lengths(List.of("a", "bb", "cc", "ddd")));
		assertThat(words.value()).isEqualTo(Map.of(1, 1, 2, 2, 3, 1));
		assertThat(words.held()).hasSize(3);
		Call evicted = CALLS.call(DEMO, demoPeer, SumTasks.sumTo(4));
		assertThat(evicted.status()).as(evicted.body()).isEqualTo(409);
		Call again = CALLS.resendAfter(evicted, DEMO, demoPeer, SumTasks.sumTo(4));
		assertThat(again.value()).isEqualTo(10L);
		assertThat(metric("compute.class-store.evictions")).isGreaterThanOrEqualTo(2.0);
		assertThat(metric("compute.class-store.classes")).isLessThanOrEqualTo(SMALL_STORE);
	}

	private static double metric(String name) throws Exception {
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/metrics/" + name))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Matcher value = Pattern.compile("\"value\":([0-9.E]+)").matcher(response.body());
		assertThat(value.find()).as(response.body()).isTrue();
		return Double.parseDouble(value.group(1));
	}

}
