package io.cloudpickle.security;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

import io.cloudpickle.PickleException;

/**
 * {@link ReplayGuard#inMemory(int)}: signatures until they expire, bounded in count,
 * failing closed when full.
 */
final class InMemoryReplayGuard implements ReplayGuard {

	private final int maxEntries;

	private final Set<ByteBuffer> seen = new HashSet<>();

	/** The same entries, soonest expiry first, to forget them in order. */
	private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>();

	InMemoryReplayGuard(int maxEntries) {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
		}
		this.maxEntries = maxEntries;
	}

	@Override
	public synchronized boolean firstUse(byte[] signature, Instant expiresAt, Instant now) {
		while (!this.byExpiry.isEmpty() && !this.byExpiry.peek().expiresAt().isAfter(now)) {
			this.seen.remove(this.byExpiry.poll().key());
		}
		ByteBuffer key = ByteBuffer.wrap(signature.clone());
		if (this.seen.contains(key)) {
			return false;
		}
		if (this.seen.size() >= this.maxEntries) {
			throw new PickleException("the replay guard already holds " + this.maxEntries + " unexpired payload"
					+ " signatures; the payload is refused until some expire (raise the guard's size, or lower"
					+ " maxPayloadAge)");
		}
		this.seen.add(key);
		this.byExpiry.add(new Entry(key, expiresAt));
		return true;
	}

	synchronized int size() {
		return this.seen.size();
	}

	private record Entry(ByteBuffer key, Instant expiresAt) implements Comparable<Entry> {

		@Override
		public int compareTo(Entry other) {
			return this.expiresAt.compareTo(other.expiresAt);
		}

	}

}
