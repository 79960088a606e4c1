package com.example.compute.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.compute.api.ComputeApi;
import com.example.compute.api.TaskResult;
import com.example.compute.api.TaskStatus;
import io.cloudpickle.ClassesMissingException;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.PeerPayload;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.HttpRequestSigner;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.SignableRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compute client that follows the class-bytes-once exchange of the starter's clients
 * over plain {@code java.net.http}: pickles with {@link Pickler#dumpsFor} for what the
 * server confirmed, signs each request, confirms {@code Cloudpickle-Holds}, and after a
 * 409 forgets the missing classes and sends once more. It measures each body it sends.
 */
final class PeerCalls {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String tasksPackage;

	private final Supplier<Integer> port;

	/**
	 * @param tasksPackage the package whose classes travel by value
	 * @param port the server's port (read at each call: the server may restart on
	 * another)
	 */
	PeerCalls(String tasksPackage, Supplier<Integer> port) {
		this.tasksPackage = tasksPackage;
		this.port = port;
	}

	/** The SHA-256 of the classes {@code task} ships to a peer that holds nothing. */
	List<String> classesOf(Object task) {
		return pickler(null).dumpsFor(new PeerClasses(), task).shippedHashes();
	}

	/** Posts {@code task} to {@code /compute/call}, pickled for {@code peer}. */
	Call call(PayloadSigner key, PeerClasses peer, Object task) throws Exception {
		return post(ComputeApi.CALL, key, pickler(key).dumpsFor(peer, task)).confirmTo(peer);
	}

	/**
	 * What the starter's client does on a 409: forget the missing classes and send the
	 * body once more, with their bytes; that must succeed.
	 */
	Call resendAfter(Call conflict, PayloadSigner key, PeerClasses peer, Object task) throws Exception {
		assertThat(conflict.status()).as(conflict.body()).isEqualTo(409);
		peer.forget(new ClassesMissingException(
				conflict.missing().stream().map((sha) -> new ClassesMissingException.MissingClass("?", sha)).toList()));
		Call resent = call(key, peer, task);
		assertThat(resent.status()).as(resent.body()).isEqualTo(200);
		assertThat(resent.sent().shippedHashes()).containsAll(conflict.missing());
		return resent;
	}

	private Pickler pickler(PayloadSigner key) {
		Pickler.Builder builder = Pickler.builder().useGlobalRegistry(false).byValuePackages(this.tasksPackage);
		return ((key != null) ? builder.signWith(key) : builder).build();
	}

	private Call post(String path, PayloadSigner key, PeerPayload payload) throws Exception {
		byte[] body = payload.bytes();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port.get() + path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", ComputeApi.MEDIA_TYPE)
			.header("Accept", ComputeApi.MEDIA_TYPE)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body));
		HttpRequestSigner.of(key)
			.sign(SignableRequest.of("POST", URI.create(path),
					(name) -> name.equals("content-type") ? List.of(ComputeApi.MEDIA_TYPE) : List.of()), body)
			.forEach(request::header);
		HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		return new Call(payload, body.length, response);
	}

	/**
	 * How many classes the server's log says it got by hash in the last {@code call} body
	 * of this size that ran, or -1 if it logged none.
	 */
	static int classesByHashLogged(String serverLog, Call call) {
		Matcher line = Pattern
			.compile("call \\(" + String.format(Locale.US, "%,d", call.bytes())
					+ " bytes, (\\d+) classes by hash\\): OK")
			.matcher(serverLog);
		int found = -1;
		while (line.find()) {
			found = Integer.parseInt(line.group(1));
		}
		return found;
	}

	/** One request and its answer. */
	record Call(PeerPayload sent, int bytes, HttpResponse<byte[]> response) {

		int status() {
			return this.response.statusCode();
		}

		String body() {
			return new String(this.response.body(), StandardCharsets.UTF_8);
		}

		/** The task's value; the answer must be 200 and the task OK. */
		Object value() {
			assertThat(status()).as(body()).isEqualTo(200);
			TaskResult<?> result = (TaskResult<?>) CloudPickle.loads(this.response.body());
			assertThat(result.status()).as(String.valueOf(result)).isEqualTo(TaskStatus.OK);
			return result.value();
		}

		/** What the server says it now holds ({@code Cloudpickle-Holds}). */
		List<String> held() {
			return hashes(this.response.headers().firstValue("Cloudpickle-Holds").orElse(""));
		}

		/** What a 409 says the server lacks ({@code Cloudpickle-Missing}). */
		List<String> missing() {
			return hashes(this.response.headers().firstValue("Cloudpickle-Missing").orElse(""));
		}

		private Call confirmTo(PeerClasses peer) {
			if (!held().isEmpty()) {
				peer.confirm(held());
			}
			return this;
		}

		private static List<String> hashes(String header) {
			return header.isBlank() ? List.of() : Arrays.stream(header.split(",")).map(String::trim).toList();
		}

	}

}
