package io.cloudpickle.security;

import java.time.Instant;

/**
 * Remembers the signatures of payloads already loaded, so that a captured payload cannot
 * be loaded again while it is still within
 * {@link io.cloudpickle.Pickler.Builder#maxPayloadAge}. Consulted only after a signature
 * has verified, so nobody without a key can fill it. Implementations must be thread-safe;
 * back one with a shared store (a database, a cache cluster) when several receivers
 * accept the same keys.
 *
 * @see #inMemory(int)
 */
public interface ReplayGuard {

	/**
	 * Records a verified signature.
	 * @param signature the payload's signature bytes (unique per signing, since they
	 * cover the signed issued-at)
	 * @param expiresAt when the payload becomes too old to load anyway; the guard may
	 * forget it then
	 * @param now the receiver's current time
	 * @return true the first time this signature is seen, false for a replay
	 * @throws io.cloudpickle.PickleException if the guard cannot record it (then the
	 * payload is refused)
	 */
	boolean firstUse(byte[] signature, Instant expiresAt, Instant now);

	/**
	 * A guard in this JVM's memory for up to {@code maxEntries} signatures not yet
	 * expired. When that many are live, new payloads are refused (fail closed) until some
	 * expire: size it above the payloads a receiver takes within the maximum payload age.
	 */
	static ReplayGuard inMemory(int maxEntries) {
		return new InMemoryReplayGuard(maxEntries);
	}

}
