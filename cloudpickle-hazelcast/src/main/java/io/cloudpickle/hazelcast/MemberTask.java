package io.cloudpickle.hazelcast;

import java.io.Serializable;

/**
 * Work that runs on a cluster member. Its class (a lambda's capturing class, an anonymous
 * or local class, or any class of a by-value package) need not be on the member's class
 * path: it travels by value in the pickled task.
 *
 * @param <R> the result, pickled back to the caller
 */
@FunctionalInterface
public interface MemberTask<R> extends Serializable {

	/**
	 * Runs on the member. What it throws is rethrown on the caller with its own class,
	 * message and the member's stack trace.
	 */
	R run(MemberContext context) throws Exception;

}
