package io.cloudpickle.hazelcast;

import java.util.Arrays;

import io.cloudpickle.Pickler;

/**
 * A member's answer as bytes: one status byte, then the pickled result or the pickled
 * exception. Hazelcast only ever carries bytes, so a task's exception reaches the caller
 * with its own class instead of as Hazelcast's generic error.
 */
final class Replies {

	static final byte OK = 0;

	static final byte FAILED = 1;

	private Replies() {
	}

	/** The reply for a result; a result that cannot be pickled becomes a failure. */
	static byte[] ok(Pickler pickler, Object result) {
		byte[] pickled;
		try {
			pickled = pickler.dumps(result);
		}
		catch (RuntimeException ex) {
			return failed(pickler, ex);
		}
		return withStatus(OK, pickled);
	}

	/**
	 * The reply for an exception; one that cannot be pickled travels as a
	 * {@link MemberTaskException} with its class name, message and stack trace.
	 */
	static byte[] failed(Pickler pickler, Throwable failure) {
		byte[] pickled;
		try {
			pickled = pickler.dumps(failure);
		}
		catch (RuntimeException ex) {
			MemberTaskException stand = new MemberTaskException(failure.getClass().getName(), failure.getMessage(),
					failure.getStackTrace());
			pickled = pickler.dumps(stand);
		}
		return withStatus(FAILED, pickled);
	}

	private static byte[] withStatus(byte status, byte[] pickled) {
		byte[] reply = new byte[pickled.length + 1];
		reply[0] = status;
		System.arraycopy(pickled, 0, reply, 1, pickled.length);
		return reply;
	}

	/** The result a reply carries, or the exception it carries, thrown. */
	static Object read(Pickler pickler, byte[] reply) throws Throwable {
		Object value = decode(pickler, reply);
		if (reply[0] == FAILED) {
			throw (Throwable) value;
		}
		return value;
	}

	/** Whether the reply is a failure. */
	static boolean isFailure(byte[] reply) {
		return reply != null && reply.length > 0 && reply[0] == FAILED;
	}

	private static Object decode(Pickler pickler, byte[] reply) {
		if (reply == null || reply.length == 0 || (reply[0] != OK && reply[0] != FAILED)) {
			throw new io.cloudpickle.PickleException("a member answered with a malformed reply");
		}
		Object value = pickler.loads(Arrays.copyOfRange(reply, 1, reply.length));
		if (reply[0] == FAILED && !(value instanceof Throwable)) {
			throw new io.cloudpickle.PickleException("a member answered a failure without an exception");
		}
		return value;
	}

}
