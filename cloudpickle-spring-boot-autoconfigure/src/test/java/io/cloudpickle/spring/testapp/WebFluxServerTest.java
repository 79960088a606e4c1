package io.cloudpickle.spring.testapp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cloudpickle.Pickler;
import io.cloudpickle.security.HttpRequestSigner;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.SignableRequest;
import io.cloudpickle.spring.CloudPickleMediaTypes;
import com.example.fixtures.Closures;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real WebFlux server (Reactor Netty on a random loopback port) with real clients: an
 * oversized body gets 413 with a problem detail (not a reset connection), the
 * auto-configured {@code WebClient} signs its requests, and a replayed or re-targeted
 * signed request is refused.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "spring.http.codecs.max-in-memory-size=64KB",
				"cloudpickle.security.hmac.keys.k1=" + SignedRemoteClientServerTest.SECRET_BASE64,
				"cloudpickle.security.signing-key-id=k1",
				"cloudpickle.security.allowed-by-value-packages=com.example.fixtures",
				"cloudpickle.by-value-packages=com.example.fixtures" })
class WebFluxServerTest {

	private static final MediaType PICKLE = MediaType
		.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);

	private static final PayloadSigner KEY = PayloadSigner.hmacSha256("k1", WebMvcSignedTest.SECRET).withIssuedAt();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private WebClient.Builder webClientBuilder;

	@Test
	void aBodyOverTheInMemoryLimitGets413WithAProblemDetail() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/run"))
			.header("Content-Type", CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[512 * 1024]))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":413")
			.contains("spring.http.codecs.max-in-memory-size")
			.contains("\"property\":\"spring.http.codecs.max-in-memory-size\"");
	}

	@Test
	void theAutoConfiguredWebClientSignsItsRequests() {
		Object answer = this.webClientBuilder.baseUrl("http://127.0.0.1:" + this.port)
			.build()
			.post()
			.uri("/run")
			.contentType(PICKLE)
			.accept(PICKLE)
			.bodyValue(Closures.countLongerThan(2))
			.retrieve()
			.bodyToMono(Object.class)
			.block();
		assertThat(answer).hasToString("Count[n=4]");
	}

	@Test
	void aReplayedOrRetargetedSignedRequestIsRefused() throws Exception {
		byte[] body = Pickler.builder()
			.byValuePackages("com.example.fixtures")
			.signWith(KEY)
			.build()
			.dumps(Closures.countLongerThan(2));
		Map<String, String> headers = sign("/run", body);
		assertThat(post("/run", headers, body).statusCode()).isEqualTo(200);
		HttpResponse<String> replay = post("/run", headers, body);
		assertThat(replay.statusCode()).isEqualTo(403);
		assertThat(replay.body()).contains("received before");
		HttpResponse<String> elsewhere = post("/run-on-first", sign("/run", body), body);
		assertThat(elsewhere.statusCode()).isEqualTo(403);
		assertThat(elsewhere.body()).contains("request signature is invalid");
		HttpResponse<String> unsigned = post("/run", Map.of("Content-Type", PICKLE.toString()), body);
		assertThat(unsigned.statusCode()).isEqualTo(401);
		assertThat(unsigned.body()).contains("cloudpickle.security.signing-key-id");
	}

	private Map<String, String> sign(String path, byte[] body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", PICKLE.toString());
		Map<String, List<String>> lower = new LinkedHashMap<>();
		headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), List.of(value)));
		headers.putAll(HttpRequestSigner.of(KEY).sign(SignableRequest.of("POST", uri(path), lower::get), body));
		return headers;
	}

	private HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Accept", "application/x-cloudpickle, application/problem+json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
