package io.cloudpickle.spring.http;

import java.io.IOException;

import io.cloudpickle.spring.CloudPickleMediaTypes;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Signs {@code RestClient} and {@code RestTemplate} requests with an
 * {@code application/x-cloudpickle} body (RFC 9421, see {@link RequestSignatures}): the
 * signature binds the body to the method, path, query, content type and significant
 * headers of this very request. Added by the auto-configuration when
 * {@code cloudpickle.security.signing-key-id} is set.
 */
public class CloudPickleRequestSigningInterceptor implements ClientHttpRequestInterceptor {

	private final RequestSignatures signatures;

	public CloudPickleRequestSigningInterceptor(RequestSignatures signatures) {
		this.signatures = signatures;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (CloudPickleMediaTypes.isCloudPickle(request.getHeaders().getContentType())) {
			this.signatures.sign(request, body);
		}
		return execution.execute(request, body);
	}

}
