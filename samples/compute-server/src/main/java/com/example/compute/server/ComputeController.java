package com.example.compute.server;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import com.example.compute.api.ComputeApi;
import com.example.compute.api.GroupByRequest;
import com.example.compute.api.MapRequest;
import com.example.compute.api.ReduceRequest;
import io.cloudpickle.spring.CloudPickleMediaTypes;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The endpoints. Request bodies are pickled closures (or records holding them), read by
 * the starter's {@code application/x-cloudpickle} converter, which loads only bodies
 * signed with the HMAC key of {@code cloudpickle.security.hmac.keys} (unsigned: 401; bad
 * signature, or a class outside {@code cloudpickle.security.allowed-by-value-packages}:
 * 403); answers are pickled {@link com.example.compute.api.TaskResult}s.
 */
@RestController
public class ComputeController {

	private static final String PICKLE = CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE;

	private static final MediaType PICKLE_TYPE = MediaType.parseMediaType(PICKLE);

	private final SalesDataset dataset;

	private final TaskRunner runner;

	private final int maxResultRows;

	public ComputeController(SalesDataset dataset, TaskRunner runner, ComputeProperties properties) {
		this.dataset = dataset;
		this.runner = runner;
		this.maxResultRows = properties.maxResultRows();
	}

	/** Runs a {@code Callable} or a {@code Supplier}. */
	@PostMapping(path = ComputeApi.CALL, consumes = PICKLE, produces = PICKLE)
	public ResponseEntity<byte[]> call(@RequestBody Object task,
			@RequestHeader(name = ComputeApi.TIMEOUT_HEADER, required = false) Long timeoutMillis) {
		Callable<?> callable;
		if (task instanceof Callable<?> c) {
			callable = c;
		}
		else if (task instanceof Supplier<?> s) {
			callable = s::get;
		}
		else {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expected a pickled Callable or Supplier, got a "
					+ ((task != null) ? task.getClass().getName() : "null"));
		}
		return answer(this.runner.run("call " + describe(task), callable, timeoutMillis));
	}

	@PostMapping(path = ComputeApi.MAP, consumes = PICKLE, produces = PICKLE)
	public ResponseEntity<byte[]> map(@RequestBody MapRequest<?> request,
			@RequestHeader(name = ComputeApi.TIMEOUT_HEADER, required = false) Long timeoutMillis) {
		return answer(
				this.runner.run("map " + describe((request.mapper() != null) ? request.mapper() : request.filter()),
						() -> this.dataset.map(request, this.maxResultRows), timeoutMillis));
	}

	@PostMapping(path = ComputeApi.REDUCE, consumes = PICKLE, produces = PICKLE)
	public ResponseEntity<byte[]> reduce(@RequestBody ReduceRequest<?> request,
			@RequestHeader(name = ComputeApi.TIMEOUT_HEADER, required = false) Long timeoutMillis) {
		return answer(this.runner.run("reduce " + describe(request.reducer()), () -> this.dataset.reduce(request),
				timeoutMillis));
	}

	@PostMapping(path = ComputeApi.GROUP_BY, consumes = PICKLE, produces = PICKLE)
	public ResponseEntity<byte[]> groupBy(@RequestBody GroupByRequest<?, ?> request,
			@RequestHeader(name = ComputeApi.TIMEOUT_HEADER, required = false) Long timeoutMillis) {
		return answer(this.runner.run("group-by " + describe(request.key()), () -> this.dataset.groupBy(request),
				timeoutMillis));
	}

	@GetMapping(ComputeApi.DATASET)
	public SalesDataset.Info dataset() {
		return this.dataset.info();
	}

	/**
	 * Whether this server's own class path has a class (without initializing it): lets
	 * anyone check that the callers' classes really are not here, so they must have
	 * arrived by value.
	 */
	@GetMapping(ComputeApi.CLASSES + "/{name}")
	public Map<String, Object> hasClass(@PathVariable String name) {
		boolean present;
		try {
			Class.forName(name, false, ComputeController.class.getClassLoader());
			present = true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			present = false;
		}
		return Map.of("name", name, "onClasspath", present);
	}

	private static ResponseEntity<byte[]> answer(byte[] pickled) {
		return ResponseEntity.ok().contentType(PICKLE_TYPE).body(pickled);
	}

	/**
	 * For the log: where a closure was defined, and whether its class arrived by value.
	 */
	private static String describe(Object closure) {
		if (closure == null) {
			return "(all rows)";
		}
		Class<?> type = closure.getClass();
		String name = type.getName();
		int lambda = name.indexOf("$$Lambda");
		String shown = (lambda > 0) ? "a lambda of " + name.substring(0, lambda) : name;
		ClassLoader loader = type.getClassLoader();
		return shown + ((loader != null && loader.getName() != null && loader.getName().startsWith("cloudpickle"))
				? " (by value, " + loader.getName() + ")" : "");
	}

}
