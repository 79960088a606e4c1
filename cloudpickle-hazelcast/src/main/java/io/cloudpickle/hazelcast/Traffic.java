package io.cloudpickle.hazelcast;

import java.util.concurrent.atomic.AtomicLong;

import io.cloudpickle.PeerPayload;

/**
 * What a {@link CloudPickleHazelcast} has sent: payloads, their bytes, the class-file
 * bytes among them, and payloads sent again because a member lacked classes.
 *
 * @param payloads payloads sent
 * @param payloadBytes their bytes
 * @param classBytes bytes of class files they carried
 * @param resends payloads sent again with class bytes
 */
public record Traffic(long payloads, long payloadBytes, long classBytes, long resends) {

	/** The difference from an earlier snapshot. */
	public Traffic since(Traffic earlier) {
		return new Traffic(this.payloads - earlier.payloads, this.payloadBytes - earlier.payloadBytes,
				this.classBytes - earlier.classBytes, this.resends - earlier.resends);
	}

	static final class Counter {

		private final AtomicLong payloads = new AtomicLong();

		private final AtomicLong payloadBytes = new AtomicLong();

		private final AtomicLong classBytes = new AtomicLong();

		private final AtomicLong resends = new AtomicLong();

		void sent(PeerPayload payload) {
			this.payloads.incrementAndGet();
			this.payloadBytes.addAndGet(payload.bytes().length);
			this.classBytes.addAndGet(payload.classBytes());
		}

		void resent() {
			this.resends.incrementAndGet();
		}

		Traffic snapshot() {
			return new Traffic(this.payloads.get(), this.payloadBytes.get(), this.classBytes.get(), this.resends.get());
		}

	}

}
