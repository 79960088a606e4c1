package io.cloudpickle.benchmarks;

/**
 * One library configured for one workload. Instances are not thread-safe (Kryo's are
 * not): JMH states holding them are {@code Scope.Thread}.
 */
public interface Codec {

	byte[] dumps(Object value) throws Exception;

	Object loads(byte[] payload) throws Exception;

	/**
	 * Round-trips {@code workload}'s instance once, checks the copy and returns the
	 * payload; throws with the library and workload named when anything goes wrong.
	 * Benchmarks call this in their setup to fail fast.
	 */
	static byte[] verify(Library library, Workload workload, Codec codec) {
		Object value = workload.instance();
		try {
			byte[] payload = codec.dumps(value);
			workload.check(value, codec.loads(payload));
			// A second load: caches (cloudpickle's receiver class space, Fory's JIT
			// serializers) are warm from here on.
			workload.check(value, codec.loads(codec.dumps(value)));
			return payload;
		}
		catch (Exception | Error e) {
			throw new IllegalStateException(library.id() + " failed to round-trip " + workload.label() + ": " + e, e);
		}
	}

}
