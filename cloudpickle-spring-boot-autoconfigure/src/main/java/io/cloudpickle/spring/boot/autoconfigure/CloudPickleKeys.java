package io.cloudpickle.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;
import org.jspecify.annotations.Nullable;

/**
 * The keys of {@code cloudpickle.security.*}, decoded and checked: HMAC secrets, Ed25519
 * public keys and the signing key. Every problem is a
 * {@link CloudPickleConfigurationException} naming the property; values are never echoed,
 * since they are secrets.
 */
final class CloudPickleKeys {

	/** Shortest HMAC secret accepted from configuration. */
	static final int MIN_HMAC_KEY_BYTES = 32;

	private static final String PREFIX = "cloudpickle.security.";

	/** A placeholder left unresolved, e.g. {@code ${ACME_HMAC_KEY}}. */
	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\\[\\]]{1,100})[:}]");

	private final List<String> hmacKeyIds;

	private final List<String> ed25519KeyIds;

	private final @Nullable PayloadVerifier verifier;

	private final @Nullable PayloadSigner signer;

	CloudPickleKeys(CloudPickleSecurityProperties properties) {
		Map<String, byte[]> hmacKeys = new LinkedHashMap<>();
		properties.getHmac().getKeys().forEach((id, value) -> hmacKeys.put(id, hmacSecret(id, value)));
		Map<String, PublicKey> publicKeys = new LinkedHashMap<>();
		properties.getEd25519().getPublicKeys().forEach((id, value) -> publicKeys.put(id, publicKey(id, value)));
		this.hmacKeyIds = List.copyOf(hmacKeys.keySet());
		this.ed25519KeyIds = List.copyOf(publicKeys.keySet());
		PayloadVerifier hmacVerifier = null;
		PayloadVerifier ed25519Verifier = null;
		if (!hmacKeys.isEmpty()) {
			try {
				hmacVerifier = PayloadVerifier.hmacSha256(hmacKeys);
			}
			catch (IllegalArgumentException ex) {
				throw invalid("hmac.keys", ex.getMessage(), "Use key ids of letters, digits, '.', '_', ':' or '-'.",
						ex);
			}
		}
		if (!publicKeys.isEmpty()) {
			try {
				ed25519Verifier = PayloadVerifier.ed25519(publicKeys);
			}
			catch (IllegalArgumentException ex) {
				throw invalid("ed25519.public-keys", ex.getMessage(),
						"Use key ids of letters, digits, '.', '_', ':' or '-'.", ex);
			}
		}
		if (hmacVerifier != null && ed25519Verifier != null) {
			this.verifier = hmacVerifier.or(ed25519Verifier);
		}
		else {
			this.verifier = (hmacVerifier != null) ? hmacVerifier : ed25519Verifier;
		}
		this.signer = signer(properties, hmacKeys);
	}

	/** The verification keys, or null if none are configured. */
	@Nullable PayloadVerifier verifier() {
		return this.verifier;
	}

	/** The signing key, or null if {@code signing-key-id} is not set. */
	@Nullable PayloadSigner signer() {
		return this.signer;
	}

	List<String> hmacKeyIds() {
		return this.hmacKeyIds;
	}

	List<String> ed25519KeyIds() {
		return this.ed25519KeyIds;
	}

	private static @Nullable PayloadSigner signer(CloudPickleSecurityProperties properties,
			Map<String, byte[]> hmacKeys) {
		String id = properties.getSigningKeyId();
		String privateKey = properties.getEd25519().getPrivateKey();
		boolean hasPrivateKey = privateKey != null && !privateKey.isBlank();
		if (id == null || id.isBlank()) {
			if (hasPrivateKey) {
				throw invalid("signing-key-id", "must name the key id of " + PREFIX + "ed25519.private-key",
						"Set " + PREFIX + "signing-key-id to the id the servers know this key by.", null);
			}
			return null;
		}
		byte[] secret = hmacKeys.get(id);
		if (secret != null && hasPrivateKey) {
			throw invalid("signing-key-id",
					"'" + id + "' names an HMAC key (" + PREFIX + "hmac.keys." + id + ") while " + PREFIX
							+ "ed25519.private-key is set too",
					"Configure only one signing key: remove " + PREFIX + "ed25519.private-key or " + PREFIX
							+ "hmac.keys." + id + ".",
					null);
		}
		try {
			if (secret != null) {
				return PayloadSigner.hmacSha256(id, secret).withIssuedAt();
			}
			if (hasPrivateKey) {
				return PayloadSigner.ed25519(id, privateKey("ed25519.private-key", privateKey)).withIssuedAt();
			}
		}
		catch (IllegalArgumentException ex) {
			throw invalid(hasPrivateKey ? "ed25519.private-key" : "signing-key-id", ex.getMessage(),
					"Check the signing key's id and encoding.", ex);
		}
		throw invalid("signing-key-id",
				"names the unknown key id '" + id + "': it is neither a key of " + PREFIX + "hmac.keys "
						+ hmacKeys.keySet() + " nor the id of a configured " + PREFIX + "ed25519.private-key",
				"Set " + PREFIX + "hmac.keys." + id + " (or " + PREFIX + "ed25519.private-key), or correct the key id.",
				null);
	}

	private static byte[] hmacSecret(String id, String value) {
		String property = "hmac.keys." + id;
		requireResolved(property, value);
		byte[] secret;
		if (value.startsWith("text:")) {
			secret = value.substring("text:".length()).getBytes(StandardCharsets.UTF_8);
		}
		else {
			secret = base64(property, value);
		}
		if (secret.length < MIN_HMAC_KEY_BYTES) {
			throw invalid(property,
					"has " + secret.length + " bytes, fewer than the " + MIN_HMAC_KEY_BYTES + " required",
					"Generate a secret with 'head -c 32 /dev/urandom | base64' and set " + PREFIX + property
							+ " to it (base64), or to text:<at least " + MIN_HMAC_KEY_BYTES + " characters>.",
					null);
		}
		return secret;
	}

	private static PublicKey publicKey(String id, String value) {
		String property = "ed25519.public-keys." + id;
		requireResolved(property, value);
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(base64(property, value)));
		}
		catch (GeneralSecurityException ex) {
			throw invalid(property, "is not an Ed25519 public key in X.509 encoding",
					"Set it to the base64 of the key's X.509 (SubjectPublicKeyInfo) encoding.", ex);
		}
	}

	private static PrivateKey privateKey(String property, String value) {
		requireResolved(property, value);
		try {
			return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(base64(property, value)));
		}
		catch (GeneralSecurityException ex) {
			throw invalid(property, "is not an Ed25519 private key in PKCS#8 encoding",
					"Set it to the base64 of the key's PKCS#8 encoding.", ex);
		}
	}

	/**
	 * Refuses a value that still holds a placeholder: an unset environment variable must
	 * never become the secret itself.
	 */
	private static void requireResolved(String property, String value) {
		Matcher placeholder = PLACEHOLDER.matcher(value);
		if (placeholder.find()) {
			String name = placeholder.group(1);
			throw invalid(property,
					"holds the unresolved placeholder ${" + name + "}: the environment variable or property " + name
							+ " is not set",
					"Set the environment variable " + name + " (or the property " + name
							+ ") before starting the application.",
					null);
		}
		if (value.isBlank()) {
			throw invalid(property, "is empty (an environment variable that is set but empty?)",
					"Set " + PREFIX + property + " to the key.", null);
		}
		if (value.contains("${")) {
			throw invalid(property, "holds an unresolved placeholder",
					"Set the environment variable or property it names.", null);
		}
	}

	private static byte[] base64(String property, String value) {
		try {
			return Base64.getDecoder().decode(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw invalid(property, "is not valid base64",
					"Set " + PREFIX + property + " to the base64 of the key (text secrets: text:<secret>).", ex);
		}
	}

	static CloudPickleConfigurationException invalid(String property, @Nullable String problem, String action,
			@Nullable Throwable cause) {
		return new CloudPickleConfigurationException(PREFIX + property, String.valueOf(problem), action, cause);
	}

}
