package io.cloudpickle.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cloudpickle.security.HttpSignatureFields.SignatureParams;
import io.cloudpickle.security.PayloadSignatureException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTP request signatures (RFC 9421): the signature base against the RFC's own HMAC
 * example, and what binds a signed request: method, path, query, content type, body
 * digest, significant headers, age, nonce.
 */
class HttpRequestSignatureTest {

	private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] BODY = "pickled body".getBytes(StandardCharsets.US_ASCII);

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static final URI TARGET = URI.create("http://127.0.0.1:8080/compute/call?mode=fast");

	private final HttpRequestSigner signer = HttpRequestSigner.of(PayloadSigner.hmacSha256("k1", SECRET))
		.coveringHeaders(List.of("X-Compute-Timeout-Millis"))
		.withClock(Clock.fixed(NOW, ZoneOffset.UTC));

	private HttpRequestVerifier.Builder verifier() {
		return HttpRequestVerifier.builder(PayloadVerifier.hmacSha256("k1", SECRET))
			.significantHeaders(List.of("x-compute-timeout-millis"))
			.clock(Clock.fixed(NOW.plusSeconds(2), ZoneOffset.UTC));
	}

	@Test
	void signatureBaseAndHmacMatchTheExampleOfRfc9421AppendixB25() {
		// RFC 9421 B.2.5: "date" "@authority" "content-type", key test-shared-secret.
		byte[] secret = Base64.getDecoder()
			.decode("uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==");
		Map<String, String> fields = Map.of("date", "Tue, 20 Apr 2021 02:07:55 GMT", "@authority", "example.com",
				"content-type", "application/json");
		SignableRequest request = SignableRequest.of("POST", URI.create("https://example.com/foo?param=Value"),
				(name) -> fields.containsKey(name) ? List.of(fields.get(name)) : List.of());
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("created", 1618884473L);
		parameters.put("keyid", "test-shared-secret");
		SignatureParams params = new SignatureParams(List.of("date", "@authority", "content-type"), parameters);
		byte[] base = HttpSignatureFields.signatureBase(request, params);
		assertThat(new String(base, StandardCharsets.UTF_8)).isEqualTo("""
				"date": Tue, 20 Apr 2021 02:07:55 GMT
				"@authority": example.com
				"content-type": application/json
				"@signature-params": ("date" "@authority" "content-type");\
				created=1618884473;keyid="test-shared-secret\"""");
		byte[] signature = PayloadSigner.hmacSha256("test-shared-secret", secret).sign(base, 0, base.length);
		assertThat(Base64.getEncoder().encodeToString(signature))
			.isEqualTo("pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=");
	}

	@Test
	void aSignedRequestVerifiesAndCoversMethodPathQueryTypeDigestAndSignificantHeaders() {
		Map<String, List<String>> headers = headers("Content-Type", "application/x-cloudpickle",
				"X-Compute-Timeout-Millis", "500");
		headers.putAll(lower(this.signer.sign(request("POST", TARGET, headers), BODY)));
		assertThat(headers.get("signature-input").get(0))
			.startsWith("cloudpickle=(\"@method\" \"@path\" \"@query\" \"content-type\" \"content-digest\""
					+ " \"x-compute-timeout-millis\");created=1796126400;keyid=\"k1\";alg=\"hmac-sha256\";nonce=\"");
		assertThat(headers.get("content-digest")).containsExactly(HttpSignatureFields.contentDigest(BODY));
		assertThat(verifier().build().verify(request("POST", TARGET, headers), BODY)).isEqualTo("k1");
	}

	@Test
	void anotherEndpointMethodQueryBodyOrSignificantHeaderIsRefused() {
		Map<String, List<String>> headers = headers("Content-Type", "application/x-cloudpickle",
				"X-Compute-Timeout-Millis", "500");
		headers.putAll(lower(this.signer.sign(request("POST", TARGET, headers), BODY)));
		HttpRequestVerifier verifier = verifier().build();
		assertRefused(verifier, request("POST", URI.create("http://127.0.0.1:8080/compute/map?mode=fast"), headers),
				BODY, Reason.INVALID, "signature is invalid");
		assertRefused(verifier, request("PUT", TARGET, headers), BODY, Reason.INVALID, "signature is invalid");
		assertRefused(verifier, request("POST", URI.create("http://127.0.0.1:8080/compute/call?mode=slow"), headers),
				BODY, Reason.INVALID, "signature is invalid");
		assertRefused(verifier, request("POST", TARGET, headers), "other body".getBytes(StandardCharsets.US_ASCII),
				Reason.INVALID, "does not match its signed Content-Digest");
		Map<String, List<String>> changed = new LinkedHashMap<>(headers);
		changed.put("x-compute-timeout-millis", List.of("999999"));
		assertRefused(verifier, request("POST", TARGET, changed), BODY, Reason.INVALID, "signature is invalid");
	}

	@Test
	void aSignificantHeaderAddedAfterSigningIsRefused() {
		Map<String, List<String>> headers = headers("Content-Type", "application/x-cloudpickle");
		headers.putAll(lower(this.signer.sign(request("POST", TARGET, headers), BODY)));
		HttpRequestVerifier verifier = verifier().build();
		assertThat(verifier.verify(request("POST", TARGET, headers), BODY)).isEqualTo("k1");
		headers.put("x-compute-timeout-millis", List.of("60000"));
		assertRefused(verifier, request("POST", TARGET, headers), BODY, Reason.INVALID,
				"does not cover x-compute-timeout-millis");
	}

	@Test
	void replaysExpiredFutureUnsignedUnknownKeyAndMalformedAreRefused() {
		Map<String, List<String>> headers = headers("Content-Type", "application/x-cloudpickle");
		headers.putAll(lower(this.signer.sign(request("POST", TARGET, headers), BODY)));
		HttpRequestVerifier guarded = verifier().rejectReplays(ReplayGuard.inMemory(10)).build();
		guarded.verify(request("POST", TARGET, headers), BODY);
		assertRefused(guarded, request("POST", TARGET, headers), BODY, Reason.REPLAYED, "received before");
		// signed again: a new nonce, so a new signature
		Map<String, List<String>> again = headers("Content-Type", "application/x-cloudpickle");
		again.putAll(lower(this.signer.sign(request("POST", TARGET, again), BODY)));
		assertThat(guarded.verify(request("POST", TARGET, again), BODY)).isEqualTo("k1");

		HttpRequestVerifier late = verifier().clock(Clock.fixed(NOW.plus(Duration.ofMinutes(6)), ZoneOffset.UTC))
			.build();
		assertRefused(late, request("POST", TARGET, headers), BODY, Reason.EXPIRED, "has expired");
		HttpRequestVerifier early = verifier().clock(Clock.fixed(NOW.minus(Duration.ofMinutes(2)), ZoneOffset.UTC))
			.build();
		assertRefused(early, request("POST", TARGET, headers), BODY, Reason.NOT_YET_VALID, "in the future");
		assertRefused(verifier().build(), request("POST", TARGET, headers("Content-Type", "application/x-cloudpickle")),
				BODY, Reason.UNSIGNED, "not signed");
		HttpRequestVerifier otherKey = HttpRequestVerifier.builder(PayloadVerifier.hmacSha256("k2", SECRET))
			.clock(Clock.fixed(NOW, ZoneOffset.UTC))
			.build();
		assertRefused(otherKey, request("POST", TARGET, headers), BODY, Reason.UNKNOWN_KEY, "unknown key id 'k1'");
		Map<String, List<String>> garbled = new LinkedHashMap<>(headers);
		garbled.put("signature-input", List.of("cloudpickle=(\"@method\";created=x"));
		assertRefused(verifier().build(), request("POST", TARGET, garbled), BODY, Reason.MALFORMED, "malformed");
	}

	@Test
	void ed25519KeysSignAndVerifyRequests() throws Exception {
		KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
		HttpRequestSigner ed = HttpRequestSigner.of(PayloadSigner.ed25519("client-a", pair.getPrivate()));
		Map<String, List<String>> headers = headers("Content-Type", "application/x-cloudpickle");
		headers.putAll(lower(ed.sign(request("POST", TARGET, headers), BODY)));
		assertThat(headers.get("signature-input").get(0)).contains(";alg=\"ed25519\";");
		HttpRequestVerifier verifier = HttpRequestVerifier
			.builder(PayloadVerifier.ed25519("client-a", pair.getPublic()))
			.build();
		assertThat(verifier.verify(request("POST", TARGET, headers), BODY)).isEqualTo("client-a");
	}

	private static void assertRefused(HttpRequestVerifier verifier, SignableRequest request, byte[] body, Reason reason,
			String message) {
		assertThatThrownBy(() -> verifier.verify(request, body))
			.isInstanceOfSatisfying(PayloadSignatureException.class, (ex) -> assertThat(ex.reason()).isEqualTo(reason))
			.hasMessageContaining(message);
	}

	private static SignableRequest request(String method, URI target, Map<String, List<String>> headers) {
		return SignableRequest.of(method, target, headers::get);
	}

	private static Map<String, List<String>> headers(String... namesAndValues) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			headers.put(namesAndValues[i].toLowerCase(Locale.ROOT), List.of(namesAndValues[i + 1]));
		}
		return headers;
	}

	private static Map<String, List<String>> lower(Map<String, String> added) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		added.forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), List.of(value)));
		return headers;
	}

}
