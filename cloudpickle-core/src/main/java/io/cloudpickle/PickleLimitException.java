package io.cloudpickle;

/**
 * A payload was refused because it exceeds one of the receiver's {@link PickleLimits}.
 * {@link #limit()} says which, so an entry point can tell its caller which setting raises
 * it.
 */
public class PickleLimitException extends PickleException {

	private static final long serialVersionUID = 1L;

	private final PickleLimit limit;

	/**
	 * @param limit the limit exceeded
	 * @param message what exceeded it; should name the limit and its value
	 */
	public PickleLimitException(PickleLimit limit, String message) {
		super(message);
		this.limit = limit;
	}

	/** The limit that was exceeded. */
	public PickleLimit limit() {
		return this.limit;
	}

}
