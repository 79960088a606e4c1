package io.cloudpickle;

/**
 * A payload whose size, header and signature a {@link Pickler} has checked
 * ({@link Pickler#verify}) but which it has not loaded: no class of it is defined and
 * none of its code has run. Load it with {@link Pickler#loads(VerifiedPayload)} of the
 * same pickler, where and when the application chooses (for example inside a task with a
 * deadline), or hand {@link #bytes()} to another process that loads them.
 */
public final class VerifiedPayload {

	private final byte[] bytes;

	private final Pickler verifiedBy;

	VerifiedPayload(byte[] bytes, Pickler verifiedBy) {
		this.bytes = bytes;
		this.verifiedBy = verifiedBy;
	}

	/** A copy of the payload's bytes, signature block included. */
	public byte[] bytes() {
		return this.bytes.clone();
	}

	/** The payload's length in bytes. */
	public int length() {
		return this.bytes.length;
	}

	byte[] bytesUnsafe() {
		return this.bytes;
	}

	Pickler verifiedBy() {
		return this.verifiedBy;
	}

}
