package io.cloudpickle.spring.testapp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * {@link ContentNegotiationContract} on a real Spring MVC server (Tomcat on a random
 * port), called with the auto-configured {@code RestClient}.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "cloudpickle.by-value-packages=com.example.fixtures")
class WebMvcContentNegotiationTest extends ContentNegotiationContract {

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Override
	ResponseEntity<byte[]> get(String path, MediaType accept) {
		return this.restClientBuilder.baseUrl(baseUrl()).build().get().uri(path).headers((headers) -> {
			if (accept != null) {
				headers.setAccept(java.util.List.of(accept));
			}
		}).retrieve().toEntity(byte[].class);
	}

}
