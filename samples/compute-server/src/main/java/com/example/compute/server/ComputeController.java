package com.example.compute.server;

import com.example.compute.api.ComputeApi;
import com.example.compute.worker.TaskKind;
import io.cloudpickle.spring.CloudPickleMediaTypes;
import io.cloudpickle.spring.http.ClassPeers;
import io.cloudpickle.spring.http.Pickled;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints. Request bodies are pickled closures (or records holding them), taken as
 * {@link Pickled}: the starter's {@code application/x-cloudpickle} converter reads the
 * bytes and checks their signature against the HMAC key of
 * {@code cloudpickle.security.hmac.keys} (unsigned: 401; a bad, unknown, expired or
 * replayed signature: 403), and loads nothing. The payload is loaded inside the task, by
 * a worker process or thread, under the task's deadline; a class outside
 * {@code cloudpickle.security.allowed-by-value-packages} is refused there (403). Answers
 * are pickled {@link com.example.compute.api.TaskResult}s. Class bytes travel once per
 * client: an answer confirms in {@code Cloudpickle-Holds} the classes the server now
 * holds for the caller, so later bodies may name them by SHA-256 only, and a body naming
 * one it no longer holds gets 409 with the missing hashes (see {@link ClassExchange}).
 */
@RestController
public class ComputeController {

	private static final String PICKLE = CloudPickleMediaTypes.APPLICATION_CLOUDPICKLE_VALUE;

	private static final MediaType PICKLE_TYPE = MediaType.parseMediaType(PICKLE);

	private final SalesDataset dataset;

	private final TaskRunner runner;

	public ComputeController(SalesDataset dataset, TaskRunner runner) {
		this.dataset = dataset;
		this.runner = runner;
	}

	/** Runs a {@code Callable} or a {@code Supplier}. */
	@PostMapping(path = ComputeApi.CALL, consumes = PICKLE, produces = PICKLE)
	public ResponseEntity<byte[]> call(@RequestBody Pickled<Object> task,
			@RequestHeader(name = ComputeApi.TIMEOUT_HEADER, required = false) Long timeoutMillis) {
		return answer(this.runner.run(TaskKind.CALL, task, timeoutMillis));
	}

	/** Runs a {@code MapRequest}. */
	@PostMapping(path = ComputeApi.MAP, consumes = PICKLE, produces = PICKLE)
	public ResponseEntity<byte[]> map(@RequestBody Pickled<Object> request,
			@RequestHeader(name = ComputeApi.TIMEOUT_HEADER, required = false) Long timeoutMillis) {
		return answer(this.runner.run(TaskKind.MAP, request, timeoutMillis));
	}

	/** Runs a {@code ReduceRequest}. */
	@PostMapping(path = ComputeApi.REDUCE, consumes = PICKLE, produces = PICKLE)
	public ResponseEntity<byte[]> reduce(@RequestBody Pickled<Object> request,
			@RequestHeader(name = ComputeApi.TIMEOUT_HEADER, required = false) Long timeoutMillis) {
		return answer(this.runner.run(TaskKind.REDUCE, request, timeoutMillis));
	}

	/** Runs a {@code GroupByRequest}. */
	@PostMapping(path = ComputeApi.GROUP_BY, consumes = PICKLE, produces = PICKLE)
	public ResponseEntity<byte[]> groupBy(@RequestBody Pickled<Object> request,
			@RequestHeader(name = ComputeApi.TIMEOUT_HEADER, required = false) Long timeoutMillis) {
		return answer(this.runner.run(TaskKind.GROUP_BY, request, timeoutMillis));
	}

	@GetMapping(ComputeApi.DATASET)
	public SalesDataset.Info dataset() {
		return this.dataset.info();
	}

	private static ResponseEntity<byte[]> answer(TaskRunner.Answer answer) {
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(PICKLE_TYPE);
		if (!answer.held().isEmpty()) {
			ok.header(ClassPeers.HOLDS_HEADER,
					String.join(",", answer.held().subList(0, Math.min(ClassPeers.MAX_LISTED, answer.held().size()))));
		}
		return ok.body(answer.pickled());
	}

}
