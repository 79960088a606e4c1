package io.cloudpickle.spring.testapp;

import io.cloudpickle.spring.CloudPickleMediaTypes;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * A client component as applications write them: a RestClient from the injected builder.
 */
@Component
public class JobClient {

	private static final MediaType PICKLE = MediaType
		.parseMediaType(CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE);

	private final RestClient rest;

	public JobClient(RestClient.Builder builder) {
		this.rest = builder.baseUrl("http://compute.example").build();
	}

	public Object run(Object job) {
		return this.rest.post().uri("/run").contentType(PICKLE).accept(PICKLE).body(job).retrieve().body(Object.class);
	}

}
