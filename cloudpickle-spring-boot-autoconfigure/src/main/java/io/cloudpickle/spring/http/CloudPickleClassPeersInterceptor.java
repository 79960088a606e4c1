package io.cloudpickle.spring.http;

import java.io.IOException;

import io.cloudpickle.PeerPayload;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Completes {@link ClassPeers} for {@code RestClient} and {@code RestTemplate}: confirms
 * the classes a server answers it holds, and when a server answers 409 because it lacks
 * classes the body named by hash, forgets them and sends the request once more with their
 * bytes. It must run before the request-signing interceptor, so that the body sent again
 * is signed again. Added by the auto-configuration.
 */
public class CloudPickleClassPeersInterceptor implements ClientHttpRequestInterceptor {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (!(request.getAttributes().get(ClassPeers.Exchange.ATTRIBUTE) instanceof ClassPeers.Exchange exchange)) {
			return execution.execute(request, body);
		}
		ClientHttpResponse response = execution.execute(request, body);
		if (ClassPeers.forgetMissing(exchange.peer(), response.getStatusCode().value(), response.getHeaders())) {
			response.close();
			PeerPayload again = exchange.repickle().get();
			ClassPeers.announce(again, request.getHeaders());
			request.getHeaders().setContentLength(again.bytes().length);
			response = execution.execute(request, again.bytes());
		}
		ClassPeers.confirm(exchange.peer(), response.getHeaders());
		return response;
	}

}
