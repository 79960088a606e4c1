package io.cloudpickle;

/**
 * Extension point: pickles instances of one class in a form of your choosing. Register
 * with {@link Pickler.Builder#codec(Class, TypeCodec)}; a codec applies to the exact
 * class it is registered for.
 *
 * <p>
 * Objects passed to {@link PickleOutput#writeObject(Object)} are pickled like any other
 * part of the graph: shared references are kept and their classes may travel by value. On
 * reading they are handed back in the same order, built as far as the graph allows: an
 * object that is itself still being built further up the graph (a cycle back through this
 * codec's value) cannot be handed back, and such a cycle is refused with a
 * {@link PickleException}.
 *
 * @param <T> the type handled
 */
public interface TypeCodec<T> {

	/** Writes {@code value}; must write exactly what {@link #read} reads. */
	void write(T value, PickleOutput out);

	/** Reads what {@link #write} wrote and returns the rebuilt value. */
	T read(PickleInput in);

}
