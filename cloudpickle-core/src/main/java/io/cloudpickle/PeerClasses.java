package io.cloudpickle;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sender's record of which shipped classes one receiver (a peer) has confirmed it
 * holds, by SHA-256. A payload made for the peer with {@link Pickler#dumpsFor} carries
 * the bytes of the classes the peer does not hold yet and names the others by hash only,
 * so class bytes travel once per peer.
 *
 * <p>
 * Protocol: after the peer has loaded a payload, {@link #confirm} it; if the peer answers
 * with a {@link ClassesMissingException} (it restarted or evicted them), {@link #forget}
 * them and send {@link Pickler#dumpsFor} again, which now carries their bytes.
 * Thread-safe. At most {@code maxClasses} hashes are kept; past that the record starts
 * afresh, which costs one resend of bytes, never a failure.
 */
public final class PeerClasses {

	private final Set<String> held = ConcurrentHashMap.newKeySet();

	private final int maxClasses;

	/** A peer that holds nothing yet, remembering up to 100,000 classes. */
	public PeerClasses() {
		this(100_000);
	}

	public PeerClasses(int maxClasses) {
		if (maxClasses < 1) {
			throw new IllegalArgumentException("maxClasses must be positive");
		}
		this.maxClasses = maxClasses;
	}

	/** Whether the peer confirmed the class file with this SHA-256 (lower-case hex). */
	public boolean holds(String sha256) {
		return this.held.contains(sha256);
	}

	/**
	 * Records that the peer loaded {@code payload}, so it holds every class it shipped.
	 */
	public void confirm(PeerPayload payload) {
		confirm(payload.shippedHashes());
	}

	/** Records that the peer holds these class files (SHA-256, lower-case hex). */
	public void confirm(Collection<String> sha256s) {
		if (this.held.size() + sha256s.size() > this.maxClasses) {
			this.held.clear();
		}
		this.held.addAll(sha256s);
	}

	/** Records that the peer lacks the classes it reported missing. */
	public void forget(ClassesMissingException missing) {
		for (ClassesMissingException.MissingClass type : missing.missing()) {
			this.held.remove(type.sha256());
		}
	}

	/** Forgets everything, e.g. when the peer restarted. */
	public void clear() {
		this.held.clear();
	}

	/** How many class files the peer is known to hold. */
	public int size() {
		return this.held.size();
	}

}
