package io.cloudpickle.spring.testapp;

import java.util.List;
import java.util.function.Function;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a real server answers {@link ComputeController}'s handlers (none declares
 * {@code produces}), the same for Spring MVC and WebFlux: JSON for a missing, wildcard or
 * JSON {@code Accept}, a pickle for an explicit
 * {@code Accept: application/x-cloudpickle}, also for a closure.
 */
abstract class ContentNegotiationContract {

	static final MediaType PICKLE = MediaType.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);

	@LocalServerPort
	int port;

	/** GETs {@code path} from the server with the given Accept header (none if null). */
	abstract ResponseEntity<byte[]> get(String path, MediaType accept);

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	@Test
	void aWildcardMissingOrJsonAcceptGetsJson() {
		for (MediaType accept : new MediaType[] { MediaType.ALL, MediaType.APPLICATION_JSON, null }) {
			ResponseEntity<byte[]> response = get("/info", accept);
			assertThat(response.getHeaders().getContentType()).as("Accept %s", accept)
				.satisfies((type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue());
			assertThat(new String(response.getBody())).isEqualTo("{\"name\":\"server\",\"words\":6}");
		}
		ResponseEntity<byte[]> text = get("/text", MediaType.ALL);
		assertThat(text.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_PLAIN)).isTrue();
		assertThat(new String(text.getBody())).isEqualTo("plain");
	}

	@Test
	void theCloudPickleAcceptGetsAPickle() {
		ResponseEntity<byte[]> response = get("/info", PICKLE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(PICKLE);
		assertThat(ClientPickler.CLIENT.loads(response.getBody())).isEqualTo(new ComputeController.Info("server", 6));
	}

	@Test
	@SuppressWarnings("unchecked")
	void aClosureIsAnsweredPickledToTheCloudPickleAccept() {
		ResponseEntity<byte[]> response = get("/closure?min=3", PICKLE);
		assertThat(response.getHeaders().getContentType()).isEqualTo(PICKLE);
		Function<List<String>, Object> closure = (Function<List<String>, Object>) ClientPickler.CLIENT
			.loads(response.getBody());
		assertThat(closure.apply(ComputeController.WORDS)).hasToString("Count[n=2]");
	}

}
