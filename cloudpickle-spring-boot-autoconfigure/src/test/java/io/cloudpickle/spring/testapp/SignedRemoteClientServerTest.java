package io.cloudpickle.spring.testapp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.cloudpickle.spring.CloudPickleMediaTypes;
import com.example.fixtures.Closures;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.web.client.RestClient;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A real server on a random port verifying RFC 9421 request signatures, and a real client
 * JVM that has only cloudpickle-core and its own classes: a signed request runs; the same
 * request replayed, the same signed body sent to another endpoint, or a significant
 * header added after signing are refused with 403. The server's own auto-configured
 * {@code RestClient} signs by itself, and a body that cannot be pickled fails before any
 * request is sent.
 */
@SpringBootTest(classes = { TestApplication.class, SignedRemoteClientServerTest.Counting.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cloudpickle.security.hmac.keys.k1=" + SignedRemoteClientServerTest.SECRET_BASE64,
				"cloudpickle.security.signing-key-id=k1",
				"cloudpickle.security.allowed-by-value-packages=com.example.signedclient,com.example.fixtures",
				"cloudpickle.security.signed-headers=" + ComputeController.WORD_LIMIT_HEADER,
				"cloudpickle.by-value-packages=com.example.fixtures" })
class SignedRemoteClientServerTest {

	static final String SECRET_BASE64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlBQkNERUY=";

	private static final String CLIENT_CLASS = "com.example.signedclient.Client";

	private static final String CLIENT_SOURCE = """
			package com.example.signedclient;

			import java.io.Serializable;
			import java.net.URI;
			import java.net.http.HttpClient;
			import java.net.http.HttpRequest;
			import java.net.http.HttpResponse;
			import java.util.Base64;
			import java.util.LinkedHashMap;
			import java.util.List;
			import java.util.Map;
			import java.util.function.Function;

			import io.cloudpickle.CloudPickle;
			import io.cloudpickle.Pickler;
			import io.cloudpickle.security.HttpRequestSigner;
			import io.cloudpickle.security.PayloadSigner;
			import io.cloudpickle.security.SignableRequest;

			public class Client {

				public record Longest(String word) {
				}

				static final HttpClient HTTP = HttpClient.newHttpClient();

				public static void main(String[] args) throws Exception {
					String base = args[0];
					byte[] secret = Base64.getDecoder().decode(args[1]);
					PayloadSigner key = PayloadSigner.hmacSha256("k1", secret).withIssuedAt();
					Pickler pickler = Pickler.builder().byValuePackages("com.example.signedclient").signWith(key).build();
					HttpRequestSigner signer = HttpRequestSigner.of(key).coveringHeaders(List.of("X-Word-Limit"));
					Function<List<String>, Object> task = (Function<List<String>, Object> & Serializable) (words) ->
							new Longest(words.stream().reduce("", (a, b) -> (b.length() > a.length()) ? b : a));
					byte[] body = pickler.dumps(task);

					Map<String, String> headers = sign(signer, base + "/run", Map.of(), body);
					print("SIGNED", send(base + "/run", headers, body));
					print("REPLAY", send(base + "/run", headers, body));
					print("CROSS", send(base + "/run-on-first", sign(signer, base + "/run", Map.of(), body), body));
					Map<String, String> added = new LinkedHashMap<>(sign(signer, base + "/run", Map.of(), body));
					added.put("X-Word-Limit", "1");
					print("ADDED", send(base + "/run", added, body));
					print("LIMITED", send(base + "/run", sign(signer, base + "/run", Map.of("X-Word-Limit", "2"), body), body));
				}

				static Map<String, String> sign(HttpRequestSigner signer, String url, Map<String, String> extra, byte[] body) {
					Map<String, String> headers = new LinkedHashMap<>();
					headers.put("Content-Type", "application/x-cloudpickle");
					headers.putAll(extra);
					Map<String, List<String>> lower = new LinkedHashMap<>();
					headers.forEach((name, value) -> lower.put(name.toLowerCase(), List.of(value)));
					headers.putAll(signer.sign(SignableRequest.of("POST", URI.create(url), lower::get), body));
					return headers;
				}

				static HttpResponse<byte[]> send(String url, Map<String, String> headers, byte[] body) throws Exception {
					HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
						.header("Accept", "application/x-cloudpickle, application/problem+json")
						.POST(HttpRequest.BodyPublishers.ofByteArray(body));
					headers.forEach(request::header);
					return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
				}

				static void print(String step, HttpResponse<byte[]> response) {
					String answer = response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-cloudpickle")
							? String.valueOf(CloudPickle.loads(response.body())) : new String(response.body());
					System.out.println(step + " " + response.statusCode() + " " + answer);
				}

			}
			""";

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private RestTemplateBuilder restTemplateBuilder;

	@Autowired
	private AtomicInteger requestsToRun;

	@Test
	void signedRequestsRunAndReplaysOtherEndpointsAndUnsignedHeadersAreRefused(@TempDir Path work)
			throws IOException, InterruptedException {
		List<String> core = RemoteClientServerTest.coreClasspath();
		Path classes = RemoteClientServerTest.compile(work, core, "com/example/signedclient", "Client.java",
				CLIENT_SOURCE);
		List<String> classpath = new ArrayList<>(List.of(classes.toString()));
		classpath.addAll(core);
		String output = RemoteClientServerTest.runJava(classpath, CLIENT_CLASS, "http://127.0.0.1:" + this.port,
				SECRET_BASE64);
		assertThat(output).contains("SIGNED 200 Longest[word=times]")
			.containsPattern("REPLAY 403 .*received before \\(a replay\\)")
			.containsPattern("CROSS 403 .*request signature is invalid")
			.containsPattern("ADDED 403 .*does not cover x-word-limit")
			.contains("LIMITED 200 Longest[word=was]");
	}

	@Test
	void theAutoConfiguredRestClientSignsItsRequests() {
		MediaType pickle = MediaType.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);
		Object result = this.restClientBuilder.baseUrl("http://127.0.0.1:" + this.port)
			.build()
			.post()
			.uri("/run")
			.contentType(pickle)
			.accept(pickle)
			.header(ComputeController.WORD_LIMIT_HEADER, "4")
			.body(Closures.countLongerThan(2))
			.retrieve()
			.body(Object.class);
		assertThat(result).hasToString("Count[n=3]");
	}

	@Test
	void theAutoConfiguredRestTemplateSignsItsRequests() {
		MediaType pickle = MediaType.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(pickle);
		headers.setAccept(List.of(pickle));
		Object result = this.restTemplateBuilder.rootUri("http://127.0.0.1:" + this.port)
			.build()
			.postForObject("/run", new HttpEntity<>(Closures.countLongerThan(3), headers), Object.class);
		assertThat(result).hasToString("Count[n=2]");
	}

	@Test
	void aBodyThatCannotBePickledFailsBeforeAnyRequestIsSent() {
		MediaType pickle = MediaType.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);
		Thread thread = Thread.currentThread();
		java.util.function.Supplier<Object> unpicklable = (java.util.function.Supplier<Object> & java.io.Serializable) () -> thread;
		int before = this.requestsToRun.get();
		// with the signing interceptor, and without (the streaming JDK client request)
		for (RestClient client : List.of(this.restClientBuilder.clone().build(),
				this.restClientBuilder.clone().requestInterceptors(List::clear).build())) {
			assertThatExceptionOfType(HttpMessageNotWritableException.class)
				.isThrownBy(() -> client.post()
					.uri("http://127.0.0.1:" + this.port + "/run")
					.contentType(pickle)
					.body(unpicklable)
					.retrieve()
					.toBodilessEntity())
				.withMessageContaining("cannot pickle the body")
				.withMessageContaining("java.lang.Thread");
		}
		assertThat(this.requestsToRun.get()).isEqualTo(before);
	}

	/** Counts the requests that reach the server. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Counting {

		@Bean
		AtomicInteger requestsToRun() {
			return new AtomicInteger();
		}

		@Bean
		OncePerRequestFilter countingFilter(AtomicInteger requestsToRun) {
			return new OncePerRequestFilter() {
				@Override
				protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
						FilterChain chain) throws ServletException, IOException {
					requestsToRun.incrementAndGet();
					chain.doFilter(request, response);
				}
			};
		}

	}

}
