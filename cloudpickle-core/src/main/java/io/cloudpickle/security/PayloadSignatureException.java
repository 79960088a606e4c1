package io.cloudpickle.security;

import java.util.Objects;

import io.cloudpickle.PickleException;

/**
 * A payload was refused for its signature: unsigned where signatures are required, signed
 * with a key the receiver does not accept, not verifying, too old, or with a malformed
 * signature block. Thrown before anything past the header is read. {@link #reason()}
 * tells the cases apart, so HTTP entry points can answer 401 (unsigned) or 403 (the
 * rest).
 */
public class PayloadSignatureException extends PickleException {

	private static final long serialVersionUID = 1L;

	/** Why a signature was refused. */
	public enum Reason {

		/** The payload is unsigned and the receiver requires signatures. */
		UNSIGNED,

		/** Signed with a key id the receiver does not hold. */
		UNKNOWN_KEY,

		/** Signed with an algorithm this version does not know. */
		UNKNOWN_ALGORITHM,

		/**
		 * The signature does not verify: the payload was altered or signed with another
		 * key.
		 */
		INVALID,

		/** The receiver requires an issued-at time and the signature has none. */
		NO_ISSUED_AT,

		/** Issued further in the future than the allowed clock skew. */
		NOT_YET_VALID,

		/** Issued longer ago than the receiver's maximum payload age. */
		EXPIRED,

		/** Loaded before: the receiver refuses replays ({@link ReplayGuard}). */
		REPLAYED,

		/** The signature block cannot be parsed. */
		MALFORMED

	}

	private final Reason reason;

	public PayloadSignatureException(Reason reason, String message) {
		super(message);
		this.reason = Objects.requireNonNull(reason, "reason");
	}

	/** Why the signature was refused. */
	public Reason reason() {
		return this.reason;
	}

}
