package io.cloudpickle.security;

/**
 * The signature algorithms of signed payloads, with their wire codes (docs/SECURITY.md).
 */
public enum SignatureAlgorithm {

	/** HMAC-SHA256 with a shared secret; 32-byte signature. */
	HMAC_SHA256(1, 32, "HMAC-SHA256"),

	/** Ed25519 (RFC 8032, the JDK's built-in provider); 64-byte signature. */
	ED25519(2, 64, "Ed25519");

	private final int code;

	private final int signatureLength;

	private final String displayName;

	SignatureAlgorithm(int code, int signatureLength, String displayName) {
		this.code = code;
		this.signatureLength = signatureLength;
		this.displayName = displayName;
	}

	/** The byte that names the algorithm in the signature block. */
	public int code() {
		return this.code;
	}

	/** The length of its signatures in bytes. */
	public int signatureLength() {
		return this.signatureLength;
	}

	public String displayName() {
		return this.displayName;
	}

	/** The algorithm with this wire code, or null. */
	static SignatureAlgorithm ofCode(int code) {
		for (SignatureAlgorithm algorithm : values()) {
			if (algorithm.code == code) {
				return algorithm;
			}
		}
		return null;
	}

}
