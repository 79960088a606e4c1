package io.cloudpickle.benchmarks;

/**
 * One library configured for one workload. Instances are not thread-safe (Kryo's are
 * not): JMH states holding them are {@code Scope.Thread}.
 */
public interface Codec {

	byte[] dumps(Object value) throws Exception;

	Object loads(byte[] payload) throws Exception;

	/**
	 * Round-trips {@code workload}'s instance twice, checks both copies and returns the
	 * second payload, the steady state the benchmarks measure (the same bytes as the
	 * first for every library but cloudpickle shipping a class to a peer that now holds
	 * it); throws with the library and workload named when anything goes wrong.
	 * Benchmarks call this in their setup to fail fast.
	 */
	static byte[] verify(Library library, Workload workload, Codec codec) {
		return verifyBoth(library, workload, codec)[1];
	}

	/**
	 * Round-trips {@code workload}'s instance twice, checks both copies and returns both
	 * payloads. After the first load, caches (cloudpickle's receiver class space, Fory's
	 * JIT serializers) are warm.
	 */
	static byte[][] verifyBoth(Library library, Workload workload, Codec codec) {
		Object value = workload.instance();
		try {
			byte[] first = codec.dumps(value);
			workload.check(value, codec.loads(first));
			byte[] second = codec.dumps(value);
			workload.check(value, codec.loads(second));
			return new byte[][] { first, second };
		}
		catch (Exception | Error e) {
			throw new IllegalStateException(library.id() + " failed to round-trip " + workload.label() + ": " + e, e);
		}
	}

}
