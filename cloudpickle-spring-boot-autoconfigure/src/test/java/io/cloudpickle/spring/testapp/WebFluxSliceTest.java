package io.cloudpickle.spring.testapp;

import java.util.Arrays;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import com.example.fixtures.Closures;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @WebFluxTest} includes the codecs through the AutoConfigureWebFlux.imports file.
 */
@WebFluxTest(controllers = ComputeController.class,
		properties = { "cloudpickle.security.allow-unsigned=true",
				"cloudpickle.security.allowed-by-value-packages=com.example.fixtures",
				"spring.http.codecs.max-in-memory-size=32KB" })
class WebFluxSliceTest {

	private static final MediaType PICKLE = MediaType
		.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);

	@Autowired
	private WebTestClient client;

	@Test
	void runsAPickledClosureAndAnswersPickled() {
		byte[] payload = ClientPickler.CLIENT.dumps(Closures.countLongerThan(3));
		byte[] answer = this.client.post()
			.uri("/run")
			.contentType(PICKLE)
			.accept(PICKLE)
			.bodyValue(payload)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(PICKLE)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(ClientPickler.CLIENT.loads(answer)).hasToString("Count[n=2]");
	}

	@Test
	void webTestClientUsesTheCodecsBothWays() {
		Object answer = this.client.post()
			.uri("/run")
			.contentType(PICKLE)
			.accept(PICKLE)
			.bodyValue(Closures.countLongerThan(1))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Object.class)
			.returnResult()
			.getResponseBody();
		assertThat(answer).hasToString("Count[n=6]");
	}

	@Test
	void wildcardAcceptKeepsJson() {
		this.client.get()
			.uri("/info")
			.accept(MediaType.ALL)
			.exchange()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody()
			.jsonPath("$.words")
			.isEqualTo(6);
	}

	@Test
	void garbageGives400ProblemDetail() {
		this.client.post()
			.uri("/run")
			.contentType(PICKLE)
			.bodyValue(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.title")
			.isEqualTo("Unreadable cloudpickle payload");
		byte[] payload = ClientPickler.CLIENT.dumps(Closures.countLongerThan(2));
		this.client.post()
			.uri("/run")
			.contentType(PICKLE)
			.bodyValue(Arrays.copyOf(payload, payload.length - 3))
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void overMaxInMemorySizeGives413() {
		this.client.post()
			.uri("/run")
			.contentType(PICKLE)
			.bodyValue(new byte[64 * 1024])
			.exchange()
			.expectStatus()
			.isEqualTo(413);
	}

	@Test
	void unsupportedMediaTypeGives415() {
		this.client.post()
			.uri("/run")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("hello")
			.exchange()
			.expectStatus()
			.isEqualTo(415);
	}

}
