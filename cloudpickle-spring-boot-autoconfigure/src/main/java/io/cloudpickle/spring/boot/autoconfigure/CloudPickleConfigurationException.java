package io.cloudpickle.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * An invalid {@code cloudpickle.*} setting, found at start-up: names the property, what
 * is wrong with it (never its value, which may be a secret) and what to do.
 * {@link CloudPickleConfigurationFailureAnalyzer} turns it into Spring Boot's failure
 * report.
 */
public class CloudPickleConfigurationException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String problem;

	private final String action;

	/**
	 * @param property the full property name, e.g.
	 * {@code cloudpickle.security.hmac.keys.k1}
	 * @param problem what is wrong, e.g. {@code has fewer than 32 bytes}
	 * @param action what to do about it
	 */
	public CloudPickleConfigurationException(String property, String problem, String action) {
		this(property, problem, action, null);
	}

	public CloudPickleConfigurationException(String property, String problem, String action,
			@Nullable Throwable cause) {
		super("Invalid " + property + ": " + problem, cause);
		this.property = property;
		this.problem = problem;
		this.action = action;
	}

	/** The property at fault. */
	public String getProperty() {
		return this.property;
	}

	/** What is wrong with it. */
	public String getProblem() {
		return this.problem;
	}

	/** What to do about it. */
	public String getAction() {
		return this.action;
	}

}
