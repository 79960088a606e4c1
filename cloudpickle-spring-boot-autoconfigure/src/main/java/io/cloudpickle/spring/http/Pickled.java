package io.cloudpickle.spring.http;

import java.util.Objects;

import io.cloudpickle.PickleException;
import io.cloudpickle.VerifiedPayload;
import io.cloudpickle.spring.PickleService;

/**
 * A request body in {@code application/x-cloudpickle} that has been read and verified but
 * not loaded. Declare a {@code @RequestBody Pickled<T>} parameter (Spring MVC or WebFlux)
 * to decide where and when the payload's code runs: reading the body checks its size,
 * header and signature (unsigned: 401; a bad signature, an unknown key, an expired or
 * replayed one: 403; too large: 413), and nothing else. Loading it with {@link #load()}
 * defines the classes it ships and runs their constructors, static initializers and
 * deserialization hooks, so call it inside the task that runs the payload, under the
 * task's deadline, not on the HTTP thread. Or hand {@link #bytes()} to a worker process
 * that loads them there.
 *
 * @param <T> the type the payload's root object is expected to have
 */
public final class Pickled<T> {

	private final PickleService pickleService;

	private final VerifiedPayload payload;

	private final Class<?> rootType;

	Pickled(PickleService pickleService, VerifiedPayload payload, Class<?> rootType) {
		this.pickleService = Objects.requireNonNull(pickleService, "pickleService");
		this.payload = Objects.requireNonNull(payload, "payload");
		this.rootType = Objects.requireNonNull(rootType, "rootType");
	}

	/**
	 * Verifies {@code payload} with {@code pickleService} (as reading a request body
	 * does), for code that reads bodies itself.
	 * @throws CloudPickleBodyException as {@link CloudPickleBodyException#refused} for a
	 * payload that fails the size, header or signature checks
	 */
	public static Pickled<Object> verify(PickleService pickleService, byte[] payload) {
		return PickledBodies.verify(pickleService, payload, Object.class);
	}

	/**
	 * Loads the payload: the class gates and limits apply, the signature was checked when
	 * the body was read.
	 * @throws CloudPickleBodyException 400 for a corrupt payload, a limit exceeded or a
	 * root that is not a {@code T} (as far as the request's declared type says), 403 for
	 * a class the gates refuse
	 */
	@SuppressWarnings("unchecked")
	public T load() {
		return (T) load(this.rootType);
	}

	/**
	 * Loads the payload and checks that its root is a {@code type}.
	 * @throws CloudPickleBodyException as {@link #load()}, and 400 if the root is not a
	 * {@code type}
	 */
	@SuppressWarnings("unchecked")
	public <U> U load(Class<U> type) {
		try {
			Object root = this.pickleService.loads(this.payload, CloudPickleHttpMessageConverter.boxed(type));
			return (U) root;
		}
		catch (PickleException ex) {
			throw CloudPickleBodyException.refused(ex);
		}
	}

	/** A copy of the verified payload's bytes (signature block included). */
	public byte[] bytes() {
		return this.payload.bytes();
	}

	/** The payload's length in bytes. */
	public int length() {
		return this.payload.length();
	}

	@Override
	public String toString() {
		return "Pickled[" + this.payload.length() + " bytes, " + this.rootType.getName() + "]";
	}

}
