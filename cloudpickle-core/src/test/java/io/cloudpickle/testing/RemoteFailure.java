package io.cloudpickle.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A command failed inside the child JVM (the task threw, or {@code CloudPickle.loads}
 * did). The message holds the child's exception class name, its message and its full
 * stack trace text.
 */
public final class RemoteFailure extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String remoteExceptionClass;

	private final List<String> remoteSuperclasses;

	private final String remoteMessage;

	private final String remoteStackTrace;

	private RemoteFailure(String className, List<String> superclasses, String message, String stackTrace) {
		super("child JVM failed: " + className + ": " + message + "\n" + stackTrace);
		this.remoteExceptionClass = className;
		this.remoteSuperclasses = List.copyOf(superclasses);
		this.remoteMessage = message;
		this.remoteStackTrace = stackTrace;
	}

	/** Parses the error reply body written by {@link RemoteWorker}. */
	static RemoteFailure parse(String body) {
		try {
			int l1 = body.indexOf('\n');
			int l2 = body.indexOf('\n', l1 + 1);
			int l3 = body.indexOf('\n', l2 + 1);
			String className = body.substring(0, l1);
			List<String> supers = new ArrayList<>();
			for (String s : body.substring(l1 + 1, l2).split(",")) {
				if (!s.isEmpty()) {
					supers.add(s);
				}
			}
			int length = Integer.parseInt(body.substring(l2 + 1, l3));
			String message = (length < 0) ? null : body.substring(l3 + 1, l3 + 1 + length);
			int stackStart = l3 + 1 + Math.max(length, 0) + 1;
			String stack = (stackStart <= body.length()) ? body.substring(stackStart) : "";
			return new RemoteFailure(className, supers, message, stack);
		}
		catch (RuntimeException ex) {
			return new RemoteFailure("?", List.of(), body, "");
		}
	}

	/** Binary name of the exception class thrown in the child. */
	public String remoteExceptionClass() {
		return this.remoteExceptionClass;
	}

	/** Whether the child's exception was of the named class or a subclass of it. */
	public boolean remoteIsA(String className) {
		return this.remoteExceptionClass.equals(className) || this.remoteSuperclasses.contains(className);
	}

	/** The message of the exception thrown in the child (null if it had none). */
	public String remoteMessage() {
		return this.remoteMessage;
	}

	/** The child's stack trace text (with causes). */
	public String remoteStackTrace() {
		return this.remoteStackTrace;
	}

}
