package com.example.compute.server;

import java.util.List;

import io.cloudpickle.PayloadClasses;
import io.cloudpickle.PickleException;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.http.CloudPickleBodyException;
import io.cloudpickle.spring.http.Pickled;

/**
 * The server's side of class bytes once per client. The starter's clients name a class by
 * SHA-256 only once the server confirmed it holds it ({@code Cloudpickle-Holds}); a body
 * naming one it no longer holds gets 409 with the missing hashes, and the client sends it
 * again with their bytes.
 *
 * <p>
 * With worker processes the server never loads a body, so it keeps the class files itself
 * ({@link HeldClassStore}) and expands the classes a body names by hash before a worker
 * loads it: the worker gets the payload the client would have sent with the bytes, and
 * its gates judge every class as if it had been sent (a class that passed once is judged
 * again, against what this payload reaches). The client's signature was verified on the
 * body as it came, which names each class by its SHA-256: it commits to exactly the class
 * file the store serves for that hash, and the worker checks the hash again. With threads
 * the server loads the body itself, and its own class space resolves the hashes.
 */
final class ClassExchange {

	private final PickleService pickleService;

	/** Process isolation: the class files this server can serve; null with threads. */
	private final HeldClassStore store;

	ClassExchange(PickleService pickleService, HeldClassStore store) {
		this.pickleService = pickleService;
		this.store = store;
	}

	/**
	 * Reads the classes of a verified body and, with worker processes, expands the ones
	 * it names by hash.
	 * @throws CloudPickleBodyException 409 listing the classes named by hash that the
	 * store does not hold for the body's key; 400 for a corrupt body or a limit exceeded;
	 * 413 if the body with those classes put back exceeds the payload size limit
	 */
	Request prepare(Pickled<Object> body) {
		byte[] bytes = body.bytes();
		try {
			PayloadClasses classes = PayloadClasses.read(bytes, this.pickleService.limits());
			String keyId = (classes.keyId() != null) ? classes.keyId() : "";
			if (this.store == null) {
				return new Request(bytes, classes, keyId);
			}
			byte[] expanded = classes.expand((name, sha256) -> this.store.classFile(keyId, name, sha256));
			long limit = this.pickleService.limits().maxPayloadBytes();
			if (expanded.length > limit) {
				// as the body with the bytes would have been
				throw CloudPickleBodyException.tooLarge(limit);
			}
			return new Request(expanded, classes, keyId);
		}
		catch (PickleException ex) {
			// ClassesMissingException: 409 with the missing hashes
			throw CloudPickleBodyException.refused(ex);
		}
	}

	/**
	 * The classes to confirm once the task answered: those the body carried, if the
	 * payload was loaded (so they passed the gates) and the server can serve them again.
	 */
	List<String> held(Request request, Outcome outcome) {
		if (!outcome.loaded() || request.classes.carried().isEmpty()) {
			return List.of();
		}
		if (this.store == null) {
			return request.classes.carried().stream().map(PayloadClasses.ClassFile::sha256).toList();
		}
		return this.store.hold(request.keyId, request.classes.carried());
	}

	/** The store's counts; null with threads. */
	HeldClassStore.Counts storeCounts() {
		return (this.store != null) ? this.store.counts() : null;
	}

	/**
	 * A body ready to run.
	 *
	 * @param payload what a worker process loads
	 * @param classes the body's shipped classes
	 * @param keyId the key that signed it ("" if unsigned)
	 */
	record Request(byte[] payload, PayloadClasses classes, String keyId) {

		/** How many classes the body named by hash only. */
		int namedByHash() {
			return this.classes.namedByHash().size();
		}

	}

}
