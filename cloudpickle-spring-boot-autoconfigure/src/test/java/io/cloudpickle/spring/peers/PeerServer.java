package io.cloudpickle.spring.peers;

import java.io.IOException;

import io.cloudpickle.spring.testapp.ComputeController;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The server of {@link ClassBytesOncePerPeerTest}, run in its own JVM: the compute
 * controller, plus a filter that prints each request body's size and the answer's status
 * ({@code BODY <method> <path> <bytes> <status>}), so the test sees what went over the
 * wire.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ComputeController.class)
public class PeerServer {

	public static void main(String[] args) {
		SpringApplication.run(PeerServer.class, args);
	}

	@Bean
	Filter bodySizes() {
		return (request, response, chain) -> {
			chain.doFilter(request, response);
			print((HttpServletRequest) request, (HttpServletResponse) response);
		};
	}

	private static void print(HttpServletRequest request, HttpServletResponse response) throws IOException {
		System.out.println("BODY " + request.getMethod() + " " + request.getRequestURI() + " "
				+ request.getContentLengthLong() + " " + response.getStatus());
		System.out.flush();
	}

}
