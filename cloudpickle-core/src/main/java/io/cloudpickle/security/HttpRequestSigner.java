package io.cloudpickle.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.cloudpickle.security.HttpSignatureFields.SignatureParams;

/**
 * Signs HTTP requests as RFC 9421 (HTTP Message Signatures) describes, with the key of a
 * {@link PayloadSigner}, so that a signed request is bound to its method, path, query,
 * content type, body (through an RFC 9530 {@code Content-Digest}), the headers the
 * application declares significant, a creation time and a one-time nonce. A body signed
 * for one endpoint is then refused at another, a significant header cannot be added or
 * changed, and {@link HttpRequestVerifier} refuses a request seen before.
 *
 * <p>
 * The request gets three headers: {@code Content-Digest: sha-256=:…:},
 * {@code Signature-Input: cloudpickle=("@method" "@path" "@query" "content-type"
 * "content-digest" …);created=…;keyid="…";alg="hmac-sha256";nonce="…"} and
 * {@code Signature: cloudpickle=:…:}. The body itself may carry a payload signature as
 * well ({@link io.cloudpickle.Pickler.Builder#signWith}); that one stays valid without
 * HTTP. Immutable and thread-safe.
 *
 * <pre>{@code
 * HttpRequestSigner signer = HttpRequestSigner.of(PayloadSigner.hmacSha256("k1", secret))
 *     .coveringHeaders(List.of("X-Compute-Timeout-Millis"));
 * signer.sign(SignableRequest.of("POST", uri, headers::get), body).forEach(request::header);
 * }</pre>
 */
public final class HttpRequestSigner {

	/** Header with the RFC 9530 digest of the body. */
	public static final String CONTENT_DIGEST = "Content-Digest";

	/** Header naming what the signature covers (RFC 9421). */
	public static final String SIGNATURE_INPUT = "Signature-Input";

	/** Header with the signature (RFC 9421). */
	public static final String SIGNATURE = "Signature";

	private static final SecureRandom NONCES = new SecureRandom();

	private final PayloadSigner key;

	private final List<String> significantHeaders;

	private final Clock clock;

	private HttpRequestSigner(PayloadSigner key, List<String> significantHeaders, Clock clock) {
		this.key = key;
		this.significantHeaders = significantHeaders;
		this.clock = clock;
	}

	/** A signer with the key (algorithm, key id and secret) of {@code key}. */
	public static HttpRequestSigner of(PayloadSigner key) {
		return new HttpRequestSigner(Objects.requireNonNull(key, "key"), List.of(), Clock.systemUTC());
	}

	/**
	 * A signer that also covers these headers whenever a request carries them (names are
	 * case-insensitive). Declare the headers that change what a request does.
	 */
	public HttpRequestSigner coveringHeaders(Collection<String> headerNames) {
		return new HttpRequestSigner(this.key, SignableRequest.headerNames(headerNames), this.clock);
	}

	/** A signer that reads the creation time from {@code clock}; for tests. */
	public HttpRequestSigner withClock(Clock clock) {
		return new HttpRequestSigner(this.key, this.significantHeaders, Objects.requireNonNull(clock, "clock"));
	}

	/** The id of the signing key. */
	public String keyId() {
		return this.key.keyId();
	}

	/** The headers covered when present, lower case. */
	public List<String> significantHeaders() {
		return this.significantHeaders;
	}

	/**
	 * Signs a request whose other headers are final.
	 * @param request the request; its {@code Content-Type} and significant headers are
	 * covered when present
	 * @param body the exact body bytes sent (empty for none)
	 * @return the headers to add, in order: {@value #CONTENT_DIGEST},
	 * {@value #SIGNATURE_INPUT}, {@value #SIGNATURE}
	 */
	public Map<String, String> sign(SignableRequest request, byte[] body) {
		Objects.requireNonNull(request, "request");
		Objects.requireNonNull(body, "body");
		String digest = HttpSignatureFields.contentDigest(body);
		List<String> components = new ArrayList<>(List.of("@method", "@path", "@query"));
		if (!request.headerValues(HttpSignatureFields.CONTENT_TYPE).isEmpty()) {
			components.add(HttpSignatureFields.CONTENT_TYPE);
		}
		components.add(HttpSignatureFields.CONTENT_DIGEST);
		for (String header : this.significantHeaders) {
			if (!request.headerValues(header).isEmpty() && !components.contains(header)) {
				components.add(header);
			}
		}
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("created", this.clock.millis() / 1000);
		parameters.put("keyid", this.key.keyId());
		parameters.put("alg", HttpSignatureFields.algorithmName(this.key.algorithm()));
		parameters.put("nonce", nonce());
		SignatureParams params = new SignatureParams(List.copyOf(components), parameters);
		SignableRequest withDigest = withHeader(request, HttpSignatureFields.CONTENT_DIGEST, digest);
		byte[] base = HttpSignatureFields.signatureBase(withDigest, params);
		byte[] signature = this.key.sign(base, 0, base.length);
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(CONTENT_DIGEST, digest);
		headers.put(SIGNATURE_INPUT, HttpSignatureFields.LABEL + "=" + params.serialize());
		headers.put(SIGNATURE, HttpSignatureFields.LABEL + "=" + HttpSignatureFields.byteSequence(signature));
		return headers;
	}

	private static String nonce() {
		byte[] bytes = new byte[16];
		NONCES.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static SignableRequest withHeader(SignableRequest request, String name, String value) {
		return new SignableRequest() {
			@Override
			public String method() {
				return request.method();
			}

			@Override
			public String path() {
				return request.path();
			}

			@Override
			public String rawQuery() {
				return request.rawQuery();
			}

			@Override
			public List<String> headerValues(String header) {
				return name.equals(header) ? List.of(value) : request.headerValues(header);
			}
		};
	}

	@Override
	public String toString() {
		return "HttpRequestSigner[" + this.key.algorithm().displayName() + ", keyId=" + this.key.keyId()
				+ ", significant headers " + this.significantHeaders + "]";
	}

}
