package io.cloudpickle.spring.testapp;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ContentNegotiationContract} on a real WebFlux server (Reactor Netty on a random
 * port), called with the auto-configured {@code WebClient}; plus functional endpoints,
 * which do not negotiate: their body stays JSON without a content type and is pickled
 * when they set {@code application/x-cloudpickle}.
 */
@SpringBootTest(classes = { TestApplication.class, WebFluxContentNegotiationTest.Routes.class },
		webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.main.web-application-type=reactive",
				"cloudpickle.by-value-packages=com.example.fixtures" })
class WebFluxContentNegotiationTest extends ContentNegotiationContract {

	@Autowired
	private WebClient.Builder webClientBuilder;

	@Override
	ResponseEntity<byte[]> get(String path, MediaType accept) {
		return this.webClientBuilder.baseUrl(baseUrl()).build().get().uri(path).headers((headers) -> {
			if (accept != null) {
				headers.setAccept(List.of(accept));
			}
		}).retrieve().toEntity(byte[].class).block();
	}

	@Test
	void aFunctionalEndpointKeepsJsonWithoutAContentTypeAndPicklesWithOne() {
		ResponseEntity<byte[]> json = get("/fn/info", PICKLE);
		assertThat(json.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_JSON)).isTrue();
		assertThat(new String(json.getBody())).isEqualTo("{\"name\":\"server\",\"words\":6}");
		ResponseEntity<byte[]> pickled = get("/fn/pickled", MediaType.ALL);
		assertThat(pickled.getHeaders().getContentType()).isEqualTo(PICKLE);
		assertThat(ClientPickler.CLIENT.loads(pickled.getBody())).isEqualTo(new ComputeController.Info("server", 6));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Routes {

		@Bean
		RouterFunction<ServerResponse> functionalInfo() {
			ComputeController.Info info = new ComputeController.Info("server", 6);
			return RouterFunctions.route()
				.GET("/fn/info", (request) -> ServerResponse.ok().bodyValue(info))
				.GET("/fn/pickled", (request) -> ServerResponse.ok().contentType(PICKLE).bodyValue(info))
				.build();
		}

	}

}
