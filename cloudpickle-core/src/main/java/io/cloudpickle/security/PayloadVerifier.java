package io.cloudpickle.security;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.spec.SecretKeySpec;

import io.cloudpickle.PickleException;

/**
 * Verifies payload signatures on the receiving side. Holds the keys it accepts by key id:
 * several at once, so a sender can move to a new key while payloads signed with the old
 * one are still in flight. Combine HMAC and Ed25519 keys with {@link #or}. Immutable and
 * thread-safe.
 *
 * <p>
 * HMAC signatures are compared in constant time ({@link MessageDigest#isEqual}); a
 * payload is verified before its class table or any object in it is read.
 *
 * <pre>{@code
 * Pickler receiver = Pickler.builder()
 *     .verifyWith(PayloadVerifier.hmacSha256(Map.of("key-2", newSecret, "key-1", oldSecret))
 *         .or(PayloadVerifier.ed25519(Map.of("client-a", clientAPublicKey))))
 *     .maxPayloadAge(Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 */
public final class PayloadVerifier {

	/** What a verifier says about one signature. */
	enum Verdict {

		/** The verifier holds no key under this algorithm and key id. */
		UNKNOWN_KEY,
		/** The key is known and the signature does not match. */
		BAD_SIGNATURE, VALID

	}

	private final Map<String, SecretKeySpec> hmacKeys;

	private final Map<String, PublicKey> ed25519Keys;

	private PayloadVerifier(Map<String, SecretKeySpec> hmacKeys, Map<String, PublicKey> ed25519Keys) {
		this.hmacKeys = hmacKeys;
		this.ed25519Keys = ed25519Keys;
	}

	/**
	 * Accepts HMAC-SHA256 signatures made with any of these secrets, by key id.
	 * @throws IllegalArgumentException if there is no key, or a key id or secret is not
	 * acceptable
	 */
	public static PayloadVerifier hmacSha256(Map<String, byte[]> secretsByKeyId) {
		if (secretsByKeyId.isEmpty()) {
			throw new IllegalArgumentException("an HMAC verifier needs at least one key");
		}
		Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
		secretsByKeyId.forEach((id, secret) -> keys.put(KeyIds.requireValid(id), PayloadSigner.hmacKey(secret)));
		return new PayloadVerifier(Map.copyOf(keys), Map.of());
	}

	/** Accepts HMAC-SHA256 signatures made with {@code secret} under {@code keyId}. */
	public static PayloadVerifier hmacSha256(String keyId, byte[] secret) {
		return hmacSha256(Map.of(keyId, secret));
	}

	/**
	 * Accepts Ed25519 signatures made with the private halves of these public keys, by
	 * key id.
	 * @throws IllegalArgumentException if there is no key, or a key id or key is not
	 * acceptable
	 */
	public static PayloadVerifier ed25519(Map<String, PublicKey> publicKeysByKeyId) {
		if (publicKeysByKeyId.isEmpty()) {
			throw new IllegalArgumentException("an Ed25519 verifier needs at least one key");
		}
		Map<String, PublicKey> keys = new LinkedHashMap<>();
		publicKeysByKeyId.forEach((id, key) -> {
			Objects.requireNonNull(key, "public key of " + id);
			try {
				Signature.getInstance("Ed25519").initVerify(key);
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalArgumentException("key " + id + " is not an Ed25519 public key: " + ex.getMessage(),
						ex);
			}
			keys.put(KeyIds.requireValid(id), key);
		});
		return new PayloadVerifier(Map.of(), Map.copyOf(keys));
	}

	/**
	 * Accepts an Ed25519 signature made with the private half of {@code publicKey} under
	 * {@code keyId}.
	 */
	public static PayloadVerifier ed25519(String keyId, PublicKey publicKey) {
		return ed25519(Map.of(keyId, publicKey));
	}

	/**
	 * A verifier that accepts the keys of both. The same key id may not name two keys of
	 * one algorithm.
	 * @throws IllegalArgumentException if a key id is used twice for the same algorithm
	 */
	public PayloadVerifier or(PayloadVerifier other) {
		return new PayloadVerifier(merge(this.hmacKeys, other.hmacKeys), merge(this.ed25519Keys, other.ed25519Keys));
	}

	private static <K> Map<String, K> merge(Map<String, K> a, Map<String, K> b) {
		Map<String, K> merged = new LinkedHashMap<>(a);
		for (Map.Entry<String, K> entry : b.entrySet()) {
			if (merged.putIfAbsent(entry.getKey(), entry.getValue()) != null) {
				throw new IllegalArgumentException("key id " + entry.getKey() + " is used twice");
			}
		}
		return Map.copyOf(merged);
	}

	/** The key ids this verifier accepts, as {@code algorithm:keyId}, for logs. */
	public List<String> acceptedKeys() {
		List<String> ids = new ArrayList<>();
		this.hmacKeys.keySet()
			.stream()
			.sorted()
			.forEach((id) -> ids.add(SignatureAlgorithm.HMAC_SHA256.displayName() + ":" + id));
		this.ed25519Keys.keySet()
			.stream()
			.sorted()
			.forEach((id) -> ids.add(SignatureAlgorithm.ED25519.displayName() + ":" + id));
		return ids;
	}

	Verdict verify(SignatureAlgorithm algorithm, String keyId, byte[] message, int offset, int length,
			byte[] signature) {
		if (algorithm == SignatureAlgorithm.HMAC_SHA256) {
			SecretKeySpec key = this.hmacKeys.get(keyId);
			if (key == null) {
				return Verdict.UNKNOWN_KEY;
			}
			try {
				return MessageDigest.isEqual(HmacSha256.of(key, message, offset, length), signature) ? Verdict.VALID
						: Verdict.BAD_SIGNATURE;
			}
			catch (GeneralSecurityException ex) {
				throw new PickleException("cannot verify the payload signature: " + ex.getMessage(), ex);
			}
		}
		PublicKey key = this.ed25519Keys.get(keyId);
		if (key == null) {
			return Verdict.UNKNOWN_KEY;
		}
		try {
			Signature verifier = Signature.getInstance("Ed25519");
			verifier.initVerify(key);
			verifier.update(message, offset, length);
			return verifier.verify(signature) ? Verdict.VALID : Verdict.BAD_SIGNATURE;
		}
		catch (SignatureException ex) {
			return Verdict.BAD_SIGNATURE;
		}
		catch (InvalidKeyException ex) {
			throw new PickleException("cannot verify the payload signature: " + ex.getMessage(), ex);
		}
		catch (GeneralSecurityException ex) {
			throw new PickleException("cannot verify the payload signature: " + ex.getMessage(), ex);
		}
	}

	@Override
	public String toString() {
		return "PayloadVerifier" + acceptedKeys();
	}

}
