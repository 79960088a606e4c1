package io.cloudpickle.benchmarks;

/**
 * The serializers compared; {@link #id()} is the value of the JMH {@code library}
 * parameter.
 */
public enum Library {

	/**
	 * cloudpickle: {@code CloudPickle.dumps/loads}, or a by-value {@code Pickler} for the
	 * by-value lambda.
	 */
	CLOUDPICKLE("cloudpickle"),

	/**
	 * JDK serialization, a fresh {@code ObjectOutputStream}/{@code ObjectInputStream} per
	 * operation.
	 */
	JDK("jdk"),

	/**
	 * Kryo 5.6.2, registration required (Kryo's default) with every workload class
	 * registered: both sides share a numbering of the classes.
	 */
	KRYO("kryo-reg"),

	/**
	 * Kryo 5.6.2 with registration off ({@code registrationRequired(false)}): class names
	 * travel in the payload, as cloudpickle's do.
	 */
	KRYO_UNREGISTERED("kryo-unreg"),

	/**
	 * Apache Fory 1.6.0, Java native mode, schema-consistent, registration required with
	 * every workload class registered.
	 */
	FORY("fory-reg"),

	/**
	 * Apache Fory 1.6.0 as {@link #FORY} with {@code requireClassRegistration(false)}:
	 * class names travel in the payload, as cloudpickle's do.
	 */
	FORY_UNREGISTERED("fory-unreg");

	private final String id;

	Library(String id) {
		this.id = id;
	}

	public String id() {
		return id;
	}

	public static Library of(String id) {
		for (Library library : values()) {
			if (library.id.equals(id)) {
				return library;
			}
		}
		throw new IllegalArgumentException("unknown library " + id);
	}

}
