package io.cloudpickle.spring.test;

import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import io.cloudpickle.security.HttpRequestSigner;
import io.cloudpickle.security.SignableRequest;
import io.cloudpickle.spring.http.RequestSignatures;

import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Signed {@code MockMvc} requests: a {@link RequestPostProcessor} that adds the RFC 9421
 * request signature a signing client would add, over the request as built (method, path,
 * query, headers, body). Apply it last, after the body and headers are set.
 *
 * <pre>{@code
 * mvc.perform(post("/run").contentType(PICKLE).content(payload).with(CloudPickleMockMvc.signed(signer)));
 * }</pre>
 */
public final class CloudPickleMockMvc {

	private CloudPickleMockMvc() {
	}

	/** Signs requests with {@code signer}. */
	public static RequestPostProcessor signed(HttpRequestSigner signer) {
		Objects.requireNonNull(signer, "signer");
		return (request) -> {
			if (request.getCharacterEncoding() == null) {
				// Boot's CharacterEncodingFilter sets UTF-8 later, and the mock request
				// then rewrites its Content-Type header (a real one stays as sent): set
				// it now, so the header signed is the header the server sees.
				request.setCharacterEncoding("UTF-8");
			}
			String query = request.getQueryString();
			URI target = URI.create(request.getRequestURI() + ((query != null) ? "?" + query : ""));
			byte[] body = (request.getContentAsByteArray() != null) ? request.getContentAsByteArray() : new byte[0];
			SignableRequest signable = SignableRequest.of(request.getMethod(), target, (name) -> {
				List<String> values = Collections.list(request.getHeaders(name));
				return values;
			});
			signer.sign(signable, body).forEach(request::addHeader);
			return request;
		};
	}

	/**
	 * Signs requests with the signer of {@code cloudpickle.security.signing-key-id} in
	 * {@code context}.
	 * @throws IllegalStateException if the context does not sign
	 */
	public static RequestPostProcessor signed(ApplicationContext context) {
		HttpRequestSigner signer = context.getBean(RequestSignatures.class).signer();
		if (signer == null) {
			throw new IllegalStateException(
					"the application context does not sign requests: set cloudpickle.security.signing-key-id");
		}
		return signed(signer);
	}

}
