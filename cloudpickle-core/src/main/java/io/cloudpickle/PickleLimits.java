package io.cloudpickle;

/**
 * Limits enforced while reading a payload, before anything is allocated. Exceeding one
 * gives a {@link PickleException} that names the limit.
 *
 * <p>
 * {@link #defaults()} suit the trusted-caller core API (large graphs and payloads are
 * fine); network entry points should start from {@link #network()} and raise single
 * values with the {@code with...} methods.
 *
 * @param maxPayloadBytes largest payload accepted, in bytes
 * @param maxDepth deepest nesting of the object graph (a linked list of n nodes nests n
 * deep)
 * @param maxObjects most objects (including strings and boxes) in one payload
 * @param maxArrayLength longest array or collection
 * @param maxStringLength longest string, in chars
 * @param maxClasses most by-value classes shipped in one payload
 * @param maxClassBytes most bytes of by-value class files in one payload
 * @param maxHashWork most {@code hashCode} steps spent rebuilding the payload's hash
 * collections (one step per object a {@code hashCode} visits); bounds the CPU time of
 * nested collections that share elements, which hash in time exponential in their nesting
 */
public record PickleLimits(long maxPayloadBytes, int maxDepth, int maxObjects, int maxArrayLength, int maxStringLength,
		int maxClasses, long maxClassBytes, long maxHashWork) {

	private static final PickleLimits DEFAULTS = new PickleLimits(Integer.MAX_VALUE - 16, 10_000_000, 50_000_000,
			Integer.MAX_VALUE - 16, Integer.MAX_VALUE - 16, 10_000, 64L * 1024 * 1024, 256_000_000);

	public PickleLimits {
		requirePositive("maxPayloadBytes", maxPayloadBytes);
		requirePositive("maxDepth", maxDepth);
		requirePositive("maxObjects", maxObjects);
		requirePositive("maxArrayLength", maxArrayLength);
		requirePositive("maxStringLength", maxStringLength);
		requirePositive("maxClasses", maxClasses);
		requirePositive("maxClassBytes", maxClassBytes);
		requirePositive("maxHashWork", maxHashWork);
	}

	private static final PickleLimits NETWORK = new PickleLimits(16L * 1024 * 1024, 100_000, 2_000_000, 4_000_000,
			4_000_000, 512, 8L * 1024 * 1024, 32_000_000);

	/** Generous limits for the trusted-caller core API. */
	public static PickleLimits defaults() {
		return DEFAULTS;
	}

	/**
	 * Limits for receivers that take payloads from a network, which a real service can
	 * keep: payloads up to 16 MiB, graphs up to 100,000 deep and 2,000,000 objects,
	 * arrays and collections up to 4,000,000 elements, strings up to 4,000,000 chars, up
	 * to 512 shipped classes totalling 8 MiB of class files, and 32,000,000
	 * {@code hashCode} steps (well under a second) to rebuild hash collections. Every
	 * length is also bounded by the bytes actually present, so a payload cannot claim
	 * more than it carries.
	 */
	public static PickleLimits network() {
		return NETWORK;
	}

	public PickleLimits withMaxPayloadBytes(long value) {
		return new PickleLimits(value, maxDepth, maxObjects, maxArrayLength, maxStringLength, maxClasses, maxClassBytes,
				maxHashWork);
	}

	public PickleLimits withMaxDepth(int value) {
		return new PickleLimits(maxPayloadBytes, value, maxObjects, maxArrayLength, maxStringLength, maxClasses,
				maxClassBytes, maxHashWork);
	}

	public PickleLimits withMaxObjects(int value) {
		return new PickleLimits(maxPayloadBytes, maxDepth, value, maxArrayLength, maxStringLength, maxClasses,
				maxClassBytes, maxHashWork);
	}

	public PickleLimits withMaxArrayLength(int value) {
		return new PickleLimits(maxPayloadBytes, maxDepth, maxObjects, value, maxStringLength, maxClasses,
				maxClassBytes, maxHashWork);
	}

	public PickleLimits withMaxStringLength(int value) {
		return new PickleLimits(maxPayloadBytes, maxDepth, maxObjects, maxArrayLength, value, maxClasses, maxClassBytes,
				maxHashWork);
	}

	public PickleLimits withMaxClasses(int value) {
		return new PickleLimits(maxPayloadBytes, maxDepth, maxObjects, maxArrayLength, maxStringLength, value,
				maxClassBytes, maxHashWork);
	}

	public PickleLimits withMaxClassBytes(long value) {
		return new PickleLimits(maxPayloadBytes, maxDepth, maxObjects, maxArrayLength, maxStringLength, maxClasses,
				value, maxHashWork);
	}

	public PickleLimits withMaxHashWork(long value) {
		return new PickleLimits(maxPayloadBytes, maxDepth, maxObjects, maxArrayLength, maxStringLength, maxClasses,
				maxClassBytes, value);
	}

	private static void requirePositive(String name, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

}
