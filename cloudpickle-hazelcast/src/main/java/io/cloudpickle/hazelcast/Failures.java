package io.cloudpickle.hazelcast;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What the caller's future fails with: the task's own exception, unwrapped from the
 * futures around it; Hazelcast's stand-in for an exception class it does not know becomes
 * a {@link MemberTaskException} with the original class name and message.
 */
final class Failures {

	private static final String UNDEFINED = "com.hazelcast.client.UndefinedErrorCodeException";

	private Failures() {
	}

	static Throwable unwrap(Throwable failure) {
		Throwable current = failure;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		if (current.getClass().getName().equals(UNDEFINED)) {
			MemberTaskException replaced = new MemberTaskException(originClassName(current), current.getMessage(),
					current.getStackTrace());
			return replaced;
		}
		return current;
	}

	private static String originClassName(Throwable undefined) {
		try {
			return String.valueOf(undefined.getClass().getMethod("getOriginClassName").invoke(undefined));
		}
		catch (ReflectiveOperationException ex) {
			return undefined.getClass().getName();
		}
	}

}
