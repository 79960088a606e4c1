package io.cloudpickle.hazelcast;

/**
 * Stands for an exception a member task threw that could not itself be pickled back: its
 * class name, message and the member's stack trace.
 */
public class MemberTaskException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String remoteClassName;

	public MemberTaskException(String remoteClassName, String message, StackTraceElement[] memberStackTrace) {
		super(remoteClassName + ": " + message);
		this.remoteClassName = remoteClassName;
		setStackTrace(memberStackTrace);
	}

	/** The class of the exception the task threw on the member. */
	public String remoteClassName() {
		return this.remoteClassName;
	}

}
