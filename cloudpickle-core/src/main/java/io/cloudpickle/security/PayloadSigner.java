package io.cloudpickle.security;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.spec.SecretKeySpec;

import io.cloudpickle.PickleException;

/**
 * Signs payloads on the sending side: HMAC-SHA256 with a shared secret, or Ed25519 with a
 * private key whose public half the receivers hold. A signer names its key with a key id,
 * so receivers can accept several keys at once (rotation). Immutable and thread-safe. The
 * wire format is in docs/SECURITY.md ("Signed payloads").
 *
 * <pre>{@code
 * Pickler sender = Pickler.builder()
 *     .signWith(PayloadSigner.hmacSha256("key-2", secret).withIssuedAt())
 *     .build();
 * }</pre>
 */
public final class PayloadSigner {

	/**
	 * HMAC keys shorter than this are refused; 32 bytes (the size of the hash) is
	 * recommended.
	 */
	public static final int MIN_HMAC_KEY_BYTES = 16;

	private final SignatureAlgorithm algorithm;

	private final String keyId;

	private final SecretKeySpec hmacKey;

	private final PrivateKey privateKey;

	private final Clock issuedAtClock;

	private PayloadSigner(SignatureAlgorithm algorithm, String keyId, SecretKeySpec hmacKey, PrivateKey privateKey,
			Clock issuedAtClock) {
		this.algorithm = algorithm;
		this.keyId = KeyIds.requireValid(keyId);
		this.hmacKey = hmacKey;
		this.privateKey = privateKey;
		this.issuedAtClock = issuedAtClock;
	}

	/**
	 * Signs with HMAC-SHA256 under {@code keyId}; the receiver must hold the same secret
	 * under the same id.
	 * @param secret at least {@value #MIN_HMAC_KEY_BYTES} bytes (32 recommended); copied
	 * @throws IllegalArgumentException if the key id or secret is not acceptable
	 */
	public static PayloadSigner hmacSha256(String keyId, byte[] secret) {
		return new PayloadSigner(SignatureAlgorithm.HMAC_SHA256, keyId, hmacKey(secret), null, null);
	}

	/**
	 * Signs with Ed25519 (the JDK's built-in provider); receivers verify with the public
	 * key only, so clients need not share the server's secret.
	 * @param privateKey an Ed25519 (or EdDSA with the Ed25519 curve) private key
	 */
	public static PayloadSigner ed25519(String keyId, PrivateKey privateKey) {
		Objects.requireNonNull(privateKey, "privateKey");
		try {
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(privateKey);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 private key: " + ex.getMessage(), ex);
		}
		return new PayloadSigner(SignatureAlgorithm.ED25519, keyId, null, privateKey, null);
	}

	/**
	 * A signer that also signs the time of signing (the issued-at), so receivers can
	 * refuse old payloads.
	 */
	public PayloadSigner withIssuedAt() {
		return withIssuedAt(Clock.systemUTC());
	}

	/** Like {@link #withIssuedAt()}, reading the time from {@code clock}. */
	public PayloadSigner withIssuedAt(Clock clock) {
		return new PayloadSigner(this.algorithm, this.keyId, this.hmacKey, this.privateKey,
				Objects.requireNonNull(clock, "clock"));
	}

	public SignatureAlgorithm algorithm() {
		return this.algorithm;
	}

	public String keyId() {
		return this.keyId;
	}

	/** Whether this signer adds an issued-at time. */
	public boolean signsIssuedAt() {
		return this.issuedAtClock != null;
	}

	/**
	 * The issued-at to sign now, in epoch milliseconds; only when
	 * {@link #signsIssuedAt()}.
	 */
	long issuedAtMillis() {
		return this.issuedAtClock.millis();
	}

	/** Signs {@code length} bytes of {@code message} from {@code offset}. */
	byte[] sign(byte[] message, int offset, int length) {
		try {
			if (this.algorithm == SignatureAlgorithm.HMAC_SHA256) {
				return HmacSha256.of(this.hmacKey, message, offset, length);
			}
			Signature signature = Signature.getInstance("Ed25519");
			signature.initSign(this.privateKey);
			signature.update(message, offset, length);
			return signature.sign();
		}
		catch (GeneralSecurityException ex) {
			throw new PickleException(
					"cannot sign the payload with " + this.algorithm.displayName() + ": " + ex.getMessage(), ex);
		}
	}

	static SecretKeySpec hmacKey(byte[] secret) {
		Objects.requireNonNull(secret, "secret");
		if (secret.length < MIN_HMAC_KEY_BYTES) {
			throw new IllegalArgumentException("an HMAC-SHA256 key needs at least " + MIN_HMAC_KEY_BYTES
					+ " bytes (32 recommended), got " + secret.length);
		}
		byte[] copy = Arrays.copyOf(secret, secret.length);
		return new SecretKeySpec(copy, "HmacSHA256");
	}

	@Override
	public String toString() {
		return "PayloadSigner[" + this.algorithm.displayName() + ", keyId=" + this.keyId
				+ (signsIssuedAt() ? ", issuedAt" : "") + "]";
	}

}
