package io.cloudpickle.spring.testapp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.cloudpickle.ClassSpace;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.HttpRequestSigner;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.spring.CloudPickleMediaTypes;
import com.example.fixtures.Closures;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static io.cloudpickle.spring.test.CloudPickleMockMvc.signed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A server with an HMAC verification key: signed bodies load, unsigned ones get 401, bad
 * signatures and refused classes 403. (The no-shadowing check is covered by the core's
 * tests: in one JVM, a class this JVM itself pickled by value loads as itself, which is
 * not shadowing.)
 */
class WebMvcSignedTest {

	static final MediaType PICKLE = MediaType.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);

	static final byte[] SECRET = "0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	static final String SECRET_BASE64 = Base64.getEncoder().encodeToString(SECRET);

	/** Signs requests as a client with key k1 does. */
	static final HttpRequestSigner REQUEST_KEY = HttpRequestSigner
		.of(PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt());

	static byte[] dumps(Object obj, PayloadSigner signer) {
		Pickler.Builder builder = Pickler.builder()
			.byValuePackages("com.example.fixtures")
			.useGlobalRegistry(false)
			.classSpace(new ClassSpace(8, 100, 50));
		if (signer != null) {
			builder.signWith(signer);
		}
		return builder.build().dumps(obj);
	}

	@Nested
	@WebMvcTest(controllers = ComputeController.class,
			properties = { "cloudpickle.security.hmac.keys.k1=" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlBQkNERUY=",
					"cloudpickle.security.allowed-by-value-packages=com.example.fixtures" })
	class Verifying {

		@Autowired
		private MockMvc mvc;

		@Test
		void signedPayloadIsAccepted() throws Exception {
			assertThat(SECRET_BASE64).isEqualTo("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlBQkNERUY=");
			byte[] payload = dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt());
			MvcResult result = this.mvc
				.perform(post("/run").contentType(PICKLE).accept(PICKLE).content(payload).with(signed(REQUEST_KEY)))
				.andExpect(status().isOk())
				.andExpect(content().contentType(PICKLE))
				.andReturn();
			assertThat(ClientPickler.CLIENT.loads(result.getResponse().getContentAsByteArray()))
				.hasToString("Count[n=4]");
		}

		@Test
		void aPickledBodyLoadsWhereTheHandlerSays() throws Exception {
			byte[] payload = dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt());
			MvcResult result = this.mvc.perform(
					post("/run-later").contentType(PICKLE).accept(PICKLE).content(payload).with(signed(REQUEST_KEY)))
				.andExpect(status().isOk())
				.andReturn();
			assertThat(ClientPickler.CLIENT.loads(result.getResponse().getContentAsByteArray()))
				.hasToString("Count[n=4]");
			this.mvc.perform(post("/run-later").contentType(PICKLE).content(dumps(Closures.countLongerThan(2), null)))
				.andExpect(status().isUnauthorized());
		}

		@Test
		void aPickledBodyWithoutARequestSignatureGives401BeforeAnythingLoads() throws Exception {
			byte[] payload = dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt());
			this.mvc.perform(post("/run-later?load=false").contentType(PICKLE).content(payload))
				.andExpect(status().isUnauthorized());
		}

		@Test
		void aPickledBodyWithABadRequestSignatureGives403() throws Exception {
			byte[] payload = dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt());
			byte[] other = "another secret of 32 bytes or more".getBytes(StandardCharsets.US_ASCII);
			HttpRequestSigner wrong = HttpRequestSigner.of(PayloadSigner.hmacSha256("k1", other));
			this.mvc.perform(post("/run-later?load=false").contentType(PICKLE).content(payload).with(signed(wrong)))
				.andExpect(status().isForbidden());
		}

		@Test
		void unsignedRequestGives401NamingTheProperties() throws Exception {
			this.mvc.perform(post("/run").contentType(PICKLE).content(dumps(Closures.countLongerThan(2), null)))
				.andExpect(status().isUnauthorized())
				.andExpect(header().exists("WWW-Authenticate"))
				.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
				.andExpect(jsonPath("$.status").value(401))
				.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not signed")))
				.andExpect(jsonPath("$.detail")
					.value(org.hamcrest.Matchers.containsString("cloudpickle.security.signing-key-id")));
		}

		@Test
		void tamperedPayloadGives403() throws Exception {
			byte[] payload = dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt());
			payload[payload.length / 2] ^= 0x01;
			this.mvc.perform(post("/run").contentType(PICKLE).content(payload).with(signed(REQUEST_KEY)))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.title").value("cloudpickle payload signature refused"))
				.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("signature is invalid")));
		}

		@Test
		void unknownKeyIdGives403() throws Exception {
			byte[] payload = dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k2", SECRET).withIssuedAt());
			HttpRequestSigner k2 = HttpRequestSigner.of(PayloadSigner.hmacSha256("k2", SECRET).withIssuedAt());
			this.mvc.perform(post("/run").contentType(PICKLE).content(payload).with(signed(k2)))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("unknown key")));
		}

		@Test
		void wrongSecretGives403() throws Exception {
			byte[] other = "another secret of 32 bytes or more".getBytes(StandardCharsets.US_ASCII);
			byte[] payload = dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k1", other));
			HttpRequestSigner wrong = HttpRequestSigner.of(PayloadSigner.hmacSha256("k1", other));
			this.mvc.perform(post("/run").contentType(PICKLE).content(payload).with(signed(wrong)))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("signature is invalid")));
		}

		@Test
		void garbageStill400() throws Exception {
			this.mvc
				.perform(post("/run").contentType(PICKLE)
					.content(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })
					.with(signed(REQUEST_KEY)))
				.andExpect(status().isBadRequest());
		}

	}

	@Nested
	@WebMvcTest(controllers = ComputeController.class,
			properties = { "cloudpickle.security.hmac.keys.k1=" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlBQkNERUY=",
					"cloudpickle.security.allowed-by-value-packages=com.example.elsewhere" })
	class PackageGate {

		@Autowired
		private MockMvc mvc;

		@Test
		void shippedClassOutsideAllowedPackagesGives403() throws Exception {
			byte[] payload = dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt());
			this.mvc.perform(post("/run").contentType(PICKLE).content(payload).with(signed(REQUEST_KEY)))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.title").value("cloudpickle payload class refused"))
				.andExpect(jsonPath("$.detail")
					.value(org.hamcrest.Matchers.containsString("not among the packages this receiver accepts")));
		}

		@Test
		void aPickledBodyIsVerifiedWhenReadAndItsClassesRefusedOnlyWhenTheHandlerLoadsIt() throws Exception {
			byte[] payload = dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt());
			MvcResult verified = this.mvc
				.perform(post("/run-later?load=false").contentType(PICKLE)
					.accept(PICKLE)
					.content(payload)
					.with(signed(REQUEST_KEY)))
				.andExpect(status().isOk())
				.andReturn();
			// (a String answer goes through Spring's own String converter, as plain text)
			assertThat(verified.getResponse().getContentAsString()).isEqualTo("verified " + payload.length + " bytes");
			this.mvc.perform(post("/run-later").contentType(PICKLE).content(payload).with(signed(REQUEST_KEY)))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.title").value("cloudpickle payload class refused"));
			this.mvc
				.perform(post("/run-later?load=false").contentType(PICKLE)
					.content(dumps(Closures.countLongerThan(2), null)))
				.andExpect(status().isUnauthorized());
		}

	}

	@Nested
	@WebMvcTest(controllers = ComputeController.class,
			properties = { "cloudpickle.security.hmac.keys.k1=" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlBQkNERUY=",
					"cloudpickle.security.allowed-by-value-packages=com.example.fixtures" })
	class RejectingReplaysByDefault {

		@Autowired
		private MockMvc mvc;

		@Test
		void theSameSignedRequestPostedTwiceGives200Then403AndARetrySignedAgainGives200() throws Exception {
			byte[] payload = dumps(Closures.countLongerThan(2), PayloadSigner.hmacSha256("k1", SECRET).withIssuedAt());
			MvcResult first = this.mvc
				.perform(post("/run").contentType(PICKLE).accept(PICKLE).content(payload).with(signed(REQUEST_KEY)))
				.andExpect(status().isOk())
				.andReturn();
			// the very same request again: same body, same signature headers
			Map<String, String> signature = new java.util.LinkedHashMap<>();
			for (String name : List.of("Content-Digest", "Signature-Input", "Signature")) {
				signature.put(name, first.getRequest().getHeader(name));
			}
			this.mvc
				.perform(post("/run").contentType(PICKLE)
					.characterEncoding("UTF-8")
					.accept(PICKLE)
					.content(payload)
					.with(headers(signature)))
				.andExpect(status().isForbidden())
				.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("received before")));
			// signed again: a new nonce, a new signature
			this.mvc.perform(post("/run").contentType(PICKLE).accept(PICKLE).content(payload).with(signed(REQUEST_KEY)))
				.andExpect(status().isOk());
		}

		private static RequestPostProcessor headers(Map<String, String> headers) {
			return (request) -> {
				headers.forEach(request::addHeader);
				return request;
			};
		}

	}

}
