package io.cloudpickle;

import java.util.List;

/**
 * A payload made for one peer by {@link Pickler#dumpsFor}.
 *
 * @param bytes the payload, loaded with {@link Pickler#loads} like any other
 * @param shippedHashes SHA-256 (hex) of the classes whose bytes it carries
 * @param referencedHashes SHA-256 (hex) of the classes it names by hash only
 * @param classBytes bytes of class files it carries
 */
public record PeerPayload(byte[] bytes, List<String> shippedHashes, List<String> referencedHashes, long classBytes) {

	public PeerPayload {
		shippedHashes = List.copyOf(shippedHashes);
		referencedHashes = List.copyOf(referencedHashes);
	}

}
