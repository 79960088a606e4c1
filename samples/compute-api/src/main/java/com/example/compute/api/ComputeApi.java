package com.example.compute.api;

/**
 * The compute server's paths and headers. Every POST takes and answers
 * {@value #MEDIA_TYPE}.
 */
public final class ComputeApi {

	/** The body type of requests and answers. */
	public static final String MEDIA_TYPE = "application/x-cloudpickle";

	/**
	 * Run a {@code Callable} or {@code Supplier}; answers a {@link TaskResult} of its
	 * value.
	 */
	public static final String CALL = "/compute/call";

	/** Run a {@link MapRequest}; answers a {@link TaskResult} of {@link Rows}. */
	public static final String MAP = "/compute/dataset/map";

	/** Run a {@link ReduceRequest}; answers a {@link TaskResult} of the reduced value. */
	public static final String REDUCE = "/compute/dataset/reduce";

	/** Run a {@link GroupByRequest}; answers a {@link TaskResult} of a {@code Map}. */
	public static final String GROUP_BY = "/compute/dataset/group-by";

	/** {@code GET}: the dataset's size and columns, as JSON. */
	public static final String DATASET = "/compute/dataset";

	/**
	 * {@code GET /actuator/classpath/{name}} on the server's management port (bound to
	 * the server's own host): whether the server's own class path has a class, as JSON.
	 */
	public static final String CLASSPATH_ENDPOINT = "/actuator/classpath";

	/** Optional request header: a lower time limit for this task, in milliseconds. */
	public static final String TIMEOUT_HEADER = "X-Compute-Timeout-Millis";

	private ComputeApi() {
	}

}
