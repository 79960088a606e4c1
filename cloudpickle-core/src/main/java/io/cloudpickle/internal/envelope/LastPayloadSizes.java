package io.cloudpickle.internal.envelope;

/**
 * The sizes of the last payload pickled per root class: its head (header and class table)
 * and its graph. Programs tend to pickle values of one class again and again at about the
 * same size, so the next large payload of that class is written straight into an array of
 * the final size, with room left for the head, and needs no growing and no final copy.
 */
public final class LastPayloadSizes {

	private static final ClassValue<LastPayloadSizes> BY_ROOT_CLASS = new ClassValue<>() {
		@Override
		protected LastPayloadSizes computeValue(Class<?> type) {
			return new LastPayloadSizes();
		}
	};

	/**
	 * Head size in the high half, graph size in the low half: one volatile write keeps
	 * the pair consistent when threads pickle the same class concurrently.
	 */
	private volatile long sizes;

	private LastPayloadSizes() {
	}

	/** The sizes recorded for payloads whose root is an instance of {@code rootType}. */
	public static LastPayloadSizes of(Class<?> rootType) {
		return BY_ROOT_CLASS.get(rootType);
	}

	/** Head bytes of the last payload, 0 before the first. */
	public int head() {
		return (int) (this.sizes >>> 32);
	}

	/** Graph bytes of the last payload, 0 before the first. */
	public int graph() {
		return (int) this.sizes;
	}

	public void record(int head, int graph) {
		this.sizes = ((long) head << 32) | (graph & 0xFFFFFFFFL);
	}

}
