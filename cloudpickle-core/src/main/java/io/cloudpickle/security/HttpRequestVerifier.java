package io.cloudpickle.security;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import io.cloudpickle.security.HttpSignatureFields.SignatureParams;
import io.cloudpickle.security.PayloadSignatureException.Reason;

/**
 * Verifies the RFC 9421 signatures that {@link HttpRequestSigner} adds to requests, with
 * the keys of a {@link PayloadVerifier}. A request passes only if its signature verifies
 * with a known key and covers at least its method, path, query, content type (when it has
 * one), body digest and every significant header it carries; if its
 * {@code Content-Digest} matches the body; if it was created within the maximum age (and
 * not beyond the clock skew in the future); and, with a {@link ReplayGuard}, if it was
 * not seen before. Failures are {@link PayloadSignatureException}s: reason
 * {@link Reason#UNSIGNED} for a request without a signature (HTTP 401), the other reasons
 * for a signature refused (403). Immutable and thread-safe.
 *
 * <pre>{@code
 * HttpRequestVerifier verifier = HttpRequestVerifier.builder(PayloadVerifier.hmacSha256("k1", secret))
 *     .maxAge(Duration.ofMinutes(5))
 *     .rejectReplays(ReplayGuard.inMemory(100_000))
 *     .significantHeaders(List.of("X-Compute-Timeout-Millis"))
 *     .build();
 * verifier.verify(SignableRequest.of(method, uri, headers::get), body);
 * }</pre>
 */
public final class HttpRequestVerifier {

	private final PayloadVerifier keys;

	private final Duration maxAge;

	private final Duration maxClockSkew;

	private final ReplayGuard replayGuard;

	private final List<String> significantHeaders;

	private final Clock clock;

	private HttpRequestVerifier(Builder builder) {
		this.keys = builder.keys;
		this.maxAge = builder.maxAge;
		this.maxClockSkew = builder.maxClockSkew;
		this.replayGuard = builder.replayGuard;
		this.significantHeaders = builder.significantHeaders;
		this.clock = builder.clock;
	}

	/**
	 * A builder that verifies with the keys of {@code keys}.
	 */
	public static Builder builder(PayloadVerifier keys) {
		return new Builder(Objects.requireNonNull(keys, "keys"));
	}

	/** The headers a request may carry only if its signature covers them, lower case. */
	public List<String> significantHeaders() {
		return this.significantHeaders;
	}

	/** The oldest signature accepted. */
	public Duration maxAge() {
		return this.maxAge;
	}

	/** Whether requests seen before are refused. */
	public boolean rejectsReplays() {
		return this.replayGuard != null;
	}

	/**
	 * Verifies a request.
	 * @param request the request as received
	 * @param body the body bytes as received (empty for none)
	 * @return the id of the key that signed it
	 * @throws PayloadSignatureException if the request is unsigned or its signature is
	 * refused; the message never quotes the request
	 */
	public String verify(SignableRequest request, byte[] body) {
		Objects.requireNonNull(request, "request");
		Objects.requireNonNull(body, "body");
		List<String> inputs = request.headerValues(HttpSignatureFields.SIGNATURE_INPUT);
		List<String> signatures = request.headerValues(HttpSignatureFields.SIGNATURE);
		if (inputs.isEmpty() && signatures.isEmpty()) {
			throw HttpSignatureFields.refused(Reason.UNSIGNED,
					"the request is not signed (no Signature and Signature-Input headers)");
		}
		SignatureParams params = HttpSignatureFields.parseSignatureInput(String.join(", ", inputs));
		byte[] signature = HttpSignatureFields.parseSignature(String.join(", ", signatures));
		if (params == null || signature == null) {
			throw HttpSignatureFields.refused(Reason.MALFORMED,
					"the request has no signature labelled " + HttpSignatureFields.LABEL);
		}
		requireCovered(request, params.components());
		String keyId = params.string("keyid");
		if (!KeyIds.isValid(keyId)) {
			throw HttpSignatureFields.refused(Reason.MALFORMED, "the request signature's key id is malformed");
		}
		SignatureAlgorithm algorithm = HttpSignatureFields.algorithm(params.string("alg"));
		String nonce = params.string("nonce");
		if (nonce.length() < 16) {
			throw HttpSignatureFields.refused(Reason.MALFORMED, "the request signature's nonce is too short");
		}
		Instant created = Instant.ofEpochSecond(params.number("created"));
		byte[] base = HttpSignatureFields.signatureBase(request, params);
		PayloadVerifier.Verdict verdict = this.keys.verify(algorithm, keyId, base, 0, base.length, signature);
		if (verdict == PayloadVerifier.Verdict.UNKNOWN_KEY) {
			throw HttpSignatureFields.refused(Reason.UNKNOWN_KEY,
					"the request is signed with an unknown key id '" + keyId + "' (" + algorithm.displayName() + ")");
		}
		if (verdict != PayloadVerifier.Verdict.VALID) {
			throw HttpSignatureFields.refused(Reason.INVALID, "the request signature is invalid: the method, path, "
					+ "query or a covered header was changed, or it was signed with another key");
		}
		String expected = HttpSignatureFields.contentDigest(body);
		String declared = HttpSignatureFields.componentValue(request, HttpSignatureFields.CONTENT_DIGEST);
		if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
				declared.getBytes(StandardCharsets.US_ASCII))) {
			throw HttpSignatureFields.refused(Reason.INVALID,
					"the request body does not match its signed Content-Digest (sha-256)");
		}
		Instant now = this.clock.instant();
		if (created.isAfter(now.plus(this.maxClockSkew))) {
			throw HttpSignatureFields.refused(Reason.NOT_YET_VALID,
					"the request signature was created " + Duration.between(now, created).toSeconds()
							+ " s in the future, beyond the allowed clock skew of " + this.maxClockSkew.toSeconds()
							+ " s");
		}
		Instant expiresAt = created.plus(this.maxAge);
		if (!now.isBefore(expiresAt)) {
			throw HttpSignatureFields.refused(Reason.EXPIRED, "the request signature has expired: created "
					+ Duration.between(created, now).toSeconds() + " s ago, maximum age " + this.maxAge);
		}
		if (this.replayGuard != null && !this.replayGuard.firstUse(signature, expiresAt, now)) {
			throw HttpSignatureFields.refused(Reason.REPLAYED,
					"the request was received before (a replay); a client that retries must sign again");
		}
		return keyId;
	}

	private void requireCovered(SignableRequest request, List<String> covered) {
		List<String> required = new ArrayList<>(
				List.of("@method", "@path", "@query", HttpSignatureFields.CONTENT_DIGEST));
		if (!request.headerValues(HttpSignatureFields.CONTENT_TYPE).isEmpty()) {
			required.add(HttpSignatureFields.CONTENT_TYPE);
		}
		for (String header : this.significantHeaders) {
			if (!request.headerValues(header).isEmpty()) {
				required.add(header);
			}
		}
		for (String component : required) {
			if (!covered.contains(component)) {
				throw HttpSignatureFields.refused(Reason.INVALID,
						"the request signature does not cover " + component + ", which this receiver requires");
			}
		}
	}

	/** Builds an {@link HttpRequestVerifier}. */
	public static final class Builder {

		private final PayloadVerifier keys;

		private Duration maxAge = Duration.ofMinutes(5);

		private Duration maxClockSkew = Duration.ofSeconds(30);

		private ReplayGuard replayGuard;

		private List<String> significantHeaders = List.of();

		private Clock clock = Clock.systemUTC();

		private Builder(PayloadVerifier keys) {
			this.keys = keys;
		}

		/** The oldest signature accepted (default 5 minutes). */
		public Builder maxAge(Duration maxAge) {
			Objects.requireNonNull(maxAge, "maxAge");
			if (maxAge.isNegative() || maxAge.isZero()) {
				throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
			}
			this.maxAge = maxAge;
			return this;
		}

		/** How far in the future a creation time may lie (default 30 s). */
		public Builder maxClockSkew(Duration skew) {
			this.maxClockSkew = Objects.requireNonNull(skew, "skew");
			return this;
		}

		/**
		 * Refuses a request whose signature was seen before within the maximum age.
		 * Default: none (replays within the maximum age pass).
		 */
		public Builder rejectReplays(ReplayGuard guard) {
			this.replayGuard = Objects.requireNonNull(guard, "guard");
			return this;
		}

		/**
		 * Headers that a request may carry only under its signature (names are
		 * case-insensitive): a request that carries one unsigned is refused.
		 */
		public Builder significantHeaders(Collection<String> headerNames) {
			this.significantHeaders = SignableRequest.headerNames(headerNames);
			return this;
		}

		/** The clock ages are judged by; for tests. */
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "clock");
			return this;
		}

		public HttpRequestVerifier build() {
			return new HttpRequestVerifier(this);
		}

	}

}
