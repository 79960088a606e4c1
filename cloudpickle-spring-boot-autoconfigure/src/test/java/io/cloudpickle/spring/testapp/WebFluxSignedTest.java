package io.cloudpickle.spring.testapp;

import java.util.List;

import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.spring.codec.CloudPickleRequestSigningFilter;
import io.cloudpickle.spring.http.RequestSignatures;
import com.example.fixtures.Closures;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.cloudpickle.spring.testapp.WebMvcSignedTest.PICKLE;
import static io.cloudpickle.spring.testapp.WebMvcSignedTest.SECRET;
import static io.cloudpickle.spring.testapp.WebMvcSignedTest.dumps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebFlux decoder under an HMAC verification key, as {@link WebMvcSignedTest} for
 * MVC: signed bodies load (off the event loop), unsigned ones get 401, bad signatures and
 * refused classes 403.
 */
class WebFluxSignedTest {

	private static final PayloadSigner KEY = PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt();

	@Nested
	@WebFluxTest(controllers = ComputeController.class,
			properties = { "cloudpickle.security.hmac.keys.k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlBQkNERUY=",
					"cloudpickle.security.allowed-by-value-packages=com.example.fixtures" })
	class Verifying {

		private WebTestClient client;

		@Autowired
		void signingClient(WebTestClient client) {
			this.client = signing(client, WebMvcSignedTest.REQUEST_KEY);
		}

		/**
		 * The body is loaded on boundedElastic; the handler then runs on whichever thread
		 * completed its last argument (boundedElastic, or the test connector's parallel
		 * scheduler), never on an HTTP event loop.
		 */
		@Test
		void signedPayloadRunsOffTheEventLoop() {
			byte[] answer = post(dumps(Closures.threadName(), KEY)).expectStatus()
				.isOk()
				.expectBody(byte[].class)
				.returnResult()
				.getResponseBody();
			assertThat((String) ClientPickler.CLIENT.loads(answer)).matches("(boundedElastic|parallel)-\\d+");
		}

		@Test
		void unsignedRequestGives401WithAChallenge() {
			this.client = this.client.mutate().filters(List::clear).build();
			post(dumps(Closures.countLongerThan(2), null)).expectStatus()
				.isUnauthorized()
				.expectHeader()
				.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "CloudPickle-Signature")
				.expectBody()
				.jsonPath("$.detail")
				.value((String detail) -> assertThat(detail).contains("not signed"));
		}

		@Test
		void payloadSignedWithAnotherSecretGives403() {
			byte[] other = "another secret of thirty-two by!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
			this.client = signing(this.client,
					io.cloudpickle.security.HttpRequestSigner.of(PayloadSigner.hmacSha256("k1", other)));
			post(dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k1", other))).expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("cloudpickle payload signature refused");
		}

		@Test
		void aPickledBodyLoadsWhereTheHandlerCallsLoad() {
			byte[] answer = this.client.post()
				.uri("/run-later")
				.contentType(PICKLE)
				.accept(PICKLE)
				.bodyValue(dumps(Closures.countLongerThan(2), KEY))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(byte[].class)
				.returnResult()
				.getResponseBody();
			assertThat(ClientPickler.CLIENT.loads(answer)).hasToString("Count[n=4]");
			this.client.post()
				.uri("/run-later")
				.contentType(PICKLE)
				.bodyValue(dumps(Closures.countLongerThan(2), null))
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}

		private WebTestClient.ResponseSpec post(byte[] payload) {
			return this.client.post()
				.uri("/run")
				.contentType(PICKLE)
				.accept(PICKLE, MediaType.APPLICATION_PROBLEM_JSON)
				.bodyValue(payload)
				.exchange();
		}

	}

	@Nested
	@WebFluxTest(controllers = ComputeController.class,
			properties = { "cloudpickle.security.hmac.keys.k1=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlBQkNERUY=",
					"cloudpickle.security.allowed-by-value-packages=com.example.only" })
	class PackageGate {

		private WebTestClient client;

		@Autowired
		void signingClient(WebTestClient client) {
			this.client = signing(client, WebMvcSignedTest.REQUEST_KEY);
		}

		@Test
		void signedPayloadShippingAClassOfAnotherPackageGives403() {
			this.client.post()
				.uri("/run")
				.contentType(PICKLE)
				.bodyValue(dumps(Closures.countLongerThan(2), KEY))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.title")
				.isEqualTo("cloudpickle payload class refused");
		}

	}

	/** A client that signs its requests like an auto-configured WebClient. */
	static WebTestClient signing(WebTestClient client, io.cloudpickle.security.HttpRequestSigner signer) {
		return client.mutate()
			.filters(List::clear)
			.filter(new CloudPickleRequestSigningFilter(new RequestSignatures(signer, null, false)))
			.build();
	}

}
