package io.cloudpickle.spring.http;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.cloudpickle.security.HttpRequestSigner;
import io.cloudpickle.security.HttpRequestVerifier;
import io.cloudpickle.security.PayloadSignatureException;
import io.cloudpickle.security.SignableRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;

/**
 * HTTP request signatures (RFC 9421) for {@code application/x-cloudpickle} requests, on
 * both sides: clients sign (RestClient, RestTemplate and WebClient do it through the
 * auto-configured interceptor and filter), servers verify before a body is loaded. Built
 * from {@code cloudpickle.security.*}.
 */
public class RequestSignatures {

	/** Neither signs nor verifies. */
	public static final RequestSignatures NONE = new RequestSignatures(null, null, true);

	private final @Nullable HttpRequestSigner signer;

	private final @Nullable HttpRequestVerifier verifier;

	private final boolean allowUnsigned;

	/**
	 * @param signer signs outgoing requests, or null
	 * @param verifier verifies received requests, or null (then only
	 * {@code allowUnsigned} servers read bodies)
	 * @param allowUnsigned whether a request without a signature passes
	 */
	public RequestSignatures(@Nullable HttpRequestSigner signer, @Nullable HttpRequestVerifier verifier,
			boolean allowUnsigned) {
		this.signer = signer;
		this.verifier = verifier;
		this.allowUnsigned = allowUnsigned;
	}

	/** The signer, or null if this application does not sign. */
	public @Nullable HttpRequestSigner signer() {
		return this.signer;
	}

	/** Whether outgoing requests are signed. */
	public boolean signs() {
		return this.signer != null;
	}

	/** Whether received requests are verified. */
	public boolean verifies() {
		return this.verifier != null;
	}

	/**
	 * Adds {@code Content-Digest}, {@code Signature-Input} and {@code Signature} to a
	 * request whose other headers are final; does nothing without a signer.
	 */
	public void sign(HttpRequest request, byte[] body) {
		sign(request.getMethod(), request.getURI(), request.getHeaders(), body);
	}

	/**
	 * Adds the signature headers to {@code headers}, the final headers of a request of
	 * {@code method} to {@code uri}; does nothing without a signer.
	 */
	public void sign(HttpMethod method, URI uri, HttpHeaders headers, byte[] body) {
		if (this.signer != null) {
			Map<String, String> added = this.signer.sign(signable(method, uri, headers), body);
			added.forEach(headers::set);
		}
	}

	/**
	 * Verifies a received request before its body is loaded.
	 * @throws CloudPickleBodyException 401 for an unsigned request where signatures are
	 * required, 403 for a refused signature
	 */
	public void verify(HttpRequest request, byte[] body) {
		verify(signable(request), body);
	}

	/**
	 * Verifies a received request, as its headers arrived, before its body is loaded.
	 * @throws CloudPickleBodyException 401 for an unsigned request where signatures are
	 * required, 403 for a refused signature
	 */
	public void verify(SignableRequest request, byte[] body) {
		if (this.verifier == null) {
			return;
		}
		if (this.allowUnsigned && request.headerValues("signature").isEmpty()
				&& request.headerValues("signature-input").isEmpty()) {
			return;
		}
		try {
			this.verifier.verify(request, body);
		}
		catch (PayloadSignatureException ex) {
			throw CloudPickleBodyException.refused(ex);
		}
	}

	/** A Spring request as the signer and verifier see it. */
	public static SignableRequest signable(HttpRequest request) {
		return signable(request.getMethod(), request.getURI(), request.getHeaders());
	}

	private static SignableRequest signable(HttpMethod method, URI uri, HttpHeaders headers) {
		return SignableRequest.of(method.name(), uri, (name) -> {
			List<String> values = headers.get(name);
			return (values != null) ? values : List.of();
		});
	}

	@Override
	public String toString() {
		return "RequestSignatures[signer=" + this.signer + ", verifier=" + ((this.verifier != null) ? "on" : "none")
				+ ", allowUnsigned=" + this.allowUnsigned + "]";
	}

}
