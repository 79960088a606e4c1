package io.cloudpickle.security;

import io.cloudpickle.PickleException;

/**
 * A payload was refused for its signature: unsigned where signatures are required, signed with a key the receiver does
 * not accept, not verifying, too old, or with a malformed signature block. Thrown before anything past the header is
 * read. HTTP entry points can map it to 401/403 rather than 400.
 */
public class PayloadSignatureException extends PickleException {

	private static final long serialVersionUID = 1L;

	public PayloadSignatureException(String message) {
		super(message);
	}

}
