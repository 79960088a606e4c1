package io.cloudpickle.spring.http;

import io.cloudpickle.PickleException;
import io.cloudpickle.spring.PickleService;

import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;

/**
 * What the Spring MVC converter and the WebFlux decoder share about reading
 * {@code application/x-cloudpickle} bodies, so that both answer the same body the same
 * way. Support code for the starter, not for applications.
 */
public final class PickledBodies {

	private PickledBodies() {
	}

	/**
	 * Raw body types ({@code byte[]}, buffers, resources): they pass through untouched,
	 * as with Spring's own byte converters and codecs, so a handler or client that wants
	 * the payload bytes gets them.
	 */
	public static boolean isRaw(Class<?> type) {
		return type == byte[].class || java.nio.ByteBuffer.class.isAssignableFrom(type)
				|| DataBuffer.class.isAssignableFrom(type) || Resource.class.isAssignableFrom(type);
	}

	/**
	 * Refuses a body over {@code cloudpickle.limits.max-payload-size} (413), before its
	 * signature is even checked.
	 * @throws CloudPickleBodyException 413 if the body is too large
	 */
	public static void requireWithinLimit(PickleService pickleService, byte[] payload) {
		long limit = pickleService.limits().maxPayloadBytes();
		if (payload.length > limit) {
			throw CloudPickleBodyException.tooLarge(limit);
		}
	}

	/**
	 * Loads a whole body and checks its root type.
	 * @throws CloudPickleBodyException 413 over
	 * {@code cloudpickle.limits.max-payload-size}, 400 for an empty body, else as
	 * {@link CloudPickleBodyException#refused} for a payload the pickler refuses
	 */
	public static Object load(PickleService pickleService, byte[] payload, Class<?> type) {
		checkLength(pickleService, payload);
		try {
			return pickleService.loads(payload, type);
		}
		catch (PickleException ex) {
			throw CloudPickleBodyException.refused(ex);
		}
	}

	/**
	 * Checks a whole body's size, header and signature without loading it.
	 * @throws CloudPickleBodyException as {@link #load}, for these checks only
	 */
	public static Pickled<Object> verify(PickleService pickleService, byte[] payload, Class<?> rootType) {
		checkLength(pickleService, payload);
		try {
			return new Pickled<>(pickleService, pickleService.verify(payload), rootType);
		}
		catch (PickleException ex) {
			throw CloudPickleBodyException.refused(ex);
		}
	}

	/**
	 * Whether bodies of {@code type} are verified only, and loaded by the application.
	 */
	public static boolean isDeferred(Class<?> type) {
		return type == Pickled.class;
	}

	private static void checkLength(PickleService pickleService, byte[] payload) {
		requireWithinLimit(pickleService, payload);
		if (payload.length == 0) {
			throw CloudPickleBodyException.unreadable("empty body", null);
		}
	}

}
