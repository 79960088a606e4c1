package com.example.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.compute.api.ComputeApi;
import com.example.compute.api.TaskResult;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Posts pickled closures to the compute server with the auto-configured
 * {@link RestClient.Builder}, whose converters include the starter's
 * {@code application/x-cloudpickle} converter (pickling with {@code cloudpickle.*} of
 * this application, so {@code com.example.analytics} goes by value).
 */
@Component
public class ComputeClient {

	private static final MediaType PICKLE = MediaType.parseMediaType(ComputeApi.MEDIA_TYPE);

	private final RestClient rest;

	private final String baseUrl;

	private final RestClient management;

	/**
	 * The request bodies of the calling thread's last post, as sent (a resend adds one).
	 */
	private final ThreadLocal<List<Integer>> sentBodies = ThreadLocal.withInitial(ArrayList::new);

	public ComputeClient(RestClient.Builder builder, @Value("${compute.server-url}") String baseUrl,
			@Value("${compute.management-url:}") String managementUrl) {
		this.baseUrl = baseUrl;
		// Added last, so it sees each body as it goes out: after pickling, and again if
		// the starter sends it once more with class bytes the server lacked.
		this.rest = builder.clone().baseUrl(baseUrl).requestInterceptor((request, body, execution) -> {
			this.sentBodies.get().add(body.length);
			return execution.execute(request, body);
		}).build();
		this.management = managementUrl.isBlank() ? null : builder.clone().baseUrl(managementUrl).build();
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Posts {@code body} (pickled) to {@code path} and returns the server's
	 * {@link TaskResult}.
	 * @param timeoutMillis a lower time limit for this task, or null for the server's
	 */
	@SuppressWarnings("unchecked")
	public <T> TaskResult<T> post(String path, Object body, Long timeoutMillis) {
		this.sentBodies.get().clear();
		return this.rest.post().uri(path).contentType(PICKLE).accept(PICKLE).headers((headers) -> {
			if (timeoutMillis != null) {
				headers.set(ComputeApi.TIMEOUT_HEADER, timeoutMillis.toString());
			}
		}).body(body).retrieve().body(TaskResult.class);
	}

	/**
	 * The sizes of the request bodies the calling thread's last {@link #post} sent: one,
	 * or two if the server lacked classes the first named by hash.
	 */
	public List<Integer> lastBodySizes() {
		return List.copyOf(this.sentBodies.get());
	}

	/** {@code GET /compute/dataset} (JSON). */
	public Map<String, Object> dataset() {
		return this.rest.get().uri(ComputeApi.DATASET).retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

	/**
	 * Whether the server's own class path has {@code className}, asked on its management
	 * port ({@code compute.management-url}, which only the server's host reaches); null
	 * without that URL.
	 */
	public Boolean serverHasClass(String className) {
		if (this.management == null) {
			return null;
		}
		Map<String, Object> answer = this.management.get()
			.uri(ComputeApi.CLASSPATH_ENDPOINT + "/{name}", className)
			.retrieve()
			.body(new ParameterizedTypeReference<Map<String, Object>>() {
			});
		return Boolean.TRUE.equals(answer.get("onClasspath"));
	}

}
