package io.cloudpickle;

/**
 * A payload was refused because it exceeds one of the receiver's {@link PickleLimits}.
 * {@link #limit()} names the limit (the {@link PickleLimits} component, e.g.
 * {@code maxDepth}), so an entry point can tell its caller which setting raises it.
 */
public class PickleLimitException extends PickleException {

	private static final long serialVersionUID = 1L;

	private final String limit;

	/**
	 * @param limit the {@link PickleLimits} component exceeded, e.g. {@code maxDepth}
	 * @param message what exceeded it; should name the limit and its value
	 */
	public PickleLimitException(String limit, String message) {
		super(message);
		this.limit = limit;
	}

	/** The {@link PickleLimits} component that was exceeded, e.g. {@code maxDepth}. */
	public String limit() {
		return this.limit;
	}

}
