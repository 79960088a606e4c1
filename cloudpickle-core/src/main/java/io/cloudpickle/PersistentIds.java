package io.cloudpickle;

/**
 * Lets objects the receiver already has travel as references instead of values: the JVM
 * twin of Python pickle's {@code persistent_id} / {@code persistent_load}.
 *
 * <p>
 * While pickling, {@link #persistentId} is asked about every object of the graph (not
 * about boxes, booleans, enums, class values and strings of at most 32 chars, which are
 * values anyway); a non-null answer is written in place of the object. While loading,
 * {@link #persistentLoad} turns each such id back into an object of the receiver. Both
 * sides configure the same scheme with {@link Pickler.Builder#persistentIds}.
 *
 * <p>
 * Implementations must be thread-safe: one pickler serves many threads.
 */
public interface PersistentIds {

	/**
	 * The id that stands for {@code obj} in the payload, or null to pickle {@code obj} as
	 * usual.
	 */
	String persistentId(Object obj);

	/**
	 * The receiver's object for {@code id}.
	 * @throws PickleException if this receiver has no object for it, naming the id
	 */
	Object persistentLoad(String id);

}
