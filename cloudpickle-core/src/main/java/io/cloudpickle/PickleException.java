package io.cloudpickle;

/**
 * Thrown when an object graph cannot be pickled or a payload cannot be loaded.
 *
 * <p>
 * The message says what was wrong and, where it applies, where in the object graph it
 * happened, e.g.
 * {@code cannot pickle java.net.Socket: sockets cannot travel to another JVM}
 * {@code (at Job$$Lambda → captured arg 1 → field conn)}. Every failure of
 * {@code dumps}/{@code loads}, including corrupted or truncated input, surfaces as this
 * exception; the original cause, if any, is kept.
 */
public class PickleException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public PickleException(String message) {
		super(message);
	}

	public PickleException(String message, Throwable cause) {
		super(message, cause);
	}

}
