package io.cloudpickle.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cloudpickle.Pickler;
import io.cloudpickle.security.BytecodeLevel;
import io.cloudpickle.security.ClassGates;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;
import io.cloudpickle.security.ReplayGuard;
import org.jspecify.annotations.Nullable;

/**
 * The security settings of {@code cloudpickle.security.*}, validated: the signer and
 * verifier built from the configured keys, and whether and how servers read
 * {@code application/x-cloudpickle} request bodies.
 *
 * <p>
 * Reading request bodies is enabled when verification keys are configured (unsigned
 * bodies are then refused) or {@code allow-unsigned=true}. When it is, the
 * {@link io.cloudpickle.spring.PickleService}'s pickler verifies signatures and applies
 * {@link ClassGates} (allowed by-value packages, bytecode level, gadget deny-list, no
 * shadowing). Invalid settings fail start-up with an {@link IllegalStateException} naming
 * the property.
 */
public final class CloudPickleSecurity {

	/** Shortest HMAC secret accepted from configuration. */
	public static final int MIN_HMAC_KEY_BYTES = 32;

	private static final String PREFIX = "cloudpickle.security.";

	private final boolean allowUnsigned;

	private final List<String> hmacKeyIds;

	private final List<String> ed25519KeyIds;

	private final @Nullable PayloadVerifier verifier;

	private final @Nullable PayloadSigner signer;

	private final @Nullable Duration maxPayloadAge;

	/** One per application context, shared by its receiving picklers. */
	private final @Nullable ReplayGuard replayGuard;

	private final List<String> allowedByValuePackages;

	private final BytecodeLevel bytecodeLevel;

	private final boolean refuseShadowedClasses;

	private CloudPickleSecurity(CloudPickleProperties.Security properties) {
		this.allowUnsigned = properties.isAllowUnsigned();
		this.bytecodeLevel = properties.getBytecodeLevel();
		this.refuseShadowedClasses = properties.isRefuseShadowedClasses();
		this.allowedByValuePackages = List.copyOf(properties.getAllowedByValuePackages());
		try {
			ClassGates.builder().allowByValuePackages(this.allowedByValuePackages);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("allowed-by-value-packages", ex.getMessage(), ex);
		}
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
				throw invalid("hmac.keys", ex.getMessage(), ex);
			}
		}
		if (!publicKeys.isEmpty()) {
			try {
				ed25519Verifier = PayloadVerifier.ed25519(publicKeys);
			}
			catch (IllegalArgumentException ex) {
				throw invalid("ed25519.public-keys", ex.getMessage(), ex);
			}
		}
		this.verifier = (hmacVerifier != null && ed25519Verifier != null) ? hmacVerifier.or(ed25519Verifier)
				: (hmacVerifier != null) ? hmacVerifier : ed25519Verifier;
		this.signer = signer(properties, hmacKeys);
		this.maxPayloadAge = properties.getMaxPayloadAge();
		if (this.maxPayloadAge != null) {
			if (this.maxPayloadAge.isNegative() || this.maxPayloadAge.isZero()) {
				throw invalid("max-payload-age", "must be positive, was " + this.maxPayloadAge, null);
			}
			if (this.verifier == null) {
				throw invalid("max-payload-age",
						"needs verification keys (" + PREFIX + "hmac.keys or " + PREFIX + "ed25519.public-keys)", null);
			}
		}
		if (properties.isRejectReplays()) {
			if (this.maxPayloadAge == null) {
				throw invalid("reject-replays",
						"needs " + PREFIX + "max-payload-age, which bounds how long signatures" + " are remembered",
						null);
			}
			if (properties.getReplayGuardSize() < 1) {
				throw invalid("replay-guard-size", "must be positive, was " + properties.getReplayGuardSize(), null);
			}
			this.replayGuard = ReplayGuard.inMemory(properties.getReplayGuardSize());
		}
		else {
			this.replayGuard = null;
		}
	}

	/**
	 * Validates {@code properties}.
	 * @throws IllegalStateException naming the property if a setting is invalid
	 */
	public static CloudPickleSecurity of(CloudPickleProperties.Security properties) {
		return new CloudPickleSecurity(properties);
	}

	private static @Nullable PayloadSigner signer(CloudPickleProperties.Security properties,
			Map<String, byte[]> hmacKeys) {
		String id = properties.getSigningKeyId();
		String privateKey = properties.getEd25519().getPrivateKey();
		boolean hasPrivateKey = privateKey != null && !privateKey.isBlank();
		if (id == null || id.isBlank()) {
			if (hasPrivateKey) {
				throw invalid("signing-key-id", "must name the key id of " + PREFIX + "ed25519.private-key", null);
			}
			return null;
		}
		byte[] secret = hmacKeys.get(id);
		if (secret != null && hasPrivateKey) {
			throw invalid("signing-key-id", "'" + id + "' names an HMAC key (" + PREFIX + "hmac.keys." + id + ") while "
					+ PREFIX + "ed25519.private-key is set too: configure only one signing key", null);
		}
		try {
			if (secret != null) {
				return PayloadSigner.hmacSha256(id, secret).withIssuedAt();
			}
			if (hasPrivateKey) {
				return PayloadSigner.ed25519(id, privateKey(privateKey)).withIssuedAt();
			}
		}
		catch (IllegalArgumentException ex) {
			throw invalid(hasPrivateKey ? "ed25519.private-key" : "signing-key-id", ex.getMessage(), ex);
		}
		throw invalid("signing-key-id", "unknown key id '" + id + "': it is neither a key of " + PREFIX + "hmac.keys "
				+ hmacKeys.keySet() + " nor the id of a configured " + PREFIX + "ed25519.private-key", null);
	}

	private static byte[] hmacSecret(String id, String value) {
		String property = "hmac.keys." + id;
		byte[] secret;
		if (value.startsWith("text:")) {
			secret = value.substring("text:".length()).getBytes(StandardCharsets.UTF_8);
		}
		else {
			secret = base64(property, value);
		}
		if (secret.length < MIN_HMAC_KEY_BYTES) {
			throw invalid(property, "the secret has " + secret.length + " bytes, fewer than the " + MIN_HMAC_KEY_BYTES
					+ " required (e.g. head -c 32 /dev/urandom | base64)", null);
		}
		return secret;
	}

	private static PublicKey publicKey(String id, String value) {
		String property = "ed25519.public-keys." + id;
		try {
			return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(base64(property, value)));
		}
		catch (GeneralSecurityException ex) {
			throw invalid(property, "not an Ed25519 public key in X.509 encoding: " + ex.getMessage(), ex);
		}
	}

	private static PrivateKey privateKey(String value) {
		String property = "ed25519.private-key";
		try {
			return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(base64(property, value)));
		}
		catch (GeneralSecurityException ex) {
			throw invalid(property, "not an Ed25519 private key in PKCS#8 encoding: " + ex.getMessage(), ex);
		}
	}

	private static byte[] base64(String property, String value) {
		try {
			return Base64.getDecoder().decode(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw invalid(property,
					"is not valid base64 (" + ex.getMessage() + "); write text secrets as text:<secret>", ex);
		}
	}

	private static IllegalStateException invalid(String property, @Nullable String problem, @Nullable Throwable cause) {
		// Never echo the value: it may be a secret.
		return new IllegalStateException("Invalid " + PREFIX + property + ": " + problem, cause);
	}

	/** Whether verification keys (HMAC or Ed25519) are configured. */
	public boolean hasVerificationKeys() {
		return this.verifier != null;
	}

	/**
	 * Whether servers load request bodies: verification keys are configured or unsigned
	 * bodies are allowed.
	 */
	public boolean isReadEnabled() {
		return hasVerificationKeys() || this.allowUnsigned;
	}

	/** Whether unsigned bodies are loaded ({@code allow-unsigned}). */
	public boolean isAllowUnsigned() {
		return this.allowUnsigned;
	}

	/** Whether outgoing payloads are signed. */
	public boolean signs() {
		return this.signer != null;
	}

	public List<String> getHmacKeyIds() {
		return this.hmacKeyIds;
	}

	public List<String> getEd25519KeyIds() {
		return this.ed25519KeyIds;
	}

	public List<String> getAllowedByValuePackages() {
		return this.allowedByValuePackages;
	}

	public BytecodeLevel getBytecodeLevel() {
		return this.bytecodeLevel;
	}

	public @Nullable String getSigningKeyId() {
		return (this.signer != null) ? this.signer.keyId() : null;
	}

	/**
	 * Applies the settings for a pickler that reads network payloads (a server's): the
	 * signer; and, when reading is enabled, the verifier, the signature requirement, the
	 * maximum age and the class gates.
	 */
	public Pickler.Builder applyToReceiver(Pickler.Builder builder) {
		applyToSender(builder);
		if (!isReadEnabled()) {
			return builder;
		}
		if (this.verifier != null) {
			builder.verifyWith(this.verifier).requireSignature(!this.allowUnsigned);
			if (this.maxPayloadAge != null) {
				builder.maxPayloadAge(this.maxPayloadAge);
			}
			if (this.replayGuard != null) {
				builder.rejectReplays(this.replayGuard);
			}
		}
		return builder
			.classFilter(ClassGates.builder()
				.allowByValuePackages(this.allowedByValuePackages)
				.bytecodeLevel(this.bytecodeLevel)
				.build())
			.refuseShadowedClasses(this.refuseShadowedClasses);
	}

	/**
	 * Applies the settings for a pickler whose payloads go out, and which reads only
	 * answers of servers its application chose to call (an HTTP client's): the signer
	 * only, trusted reading.
	 */
	public Pickler.Builder applyToSender(Pickler.Builder builder) {
		if (this.signer != null) {
			builder.signWith(this.signer);
		}
		return builder;
	}

	/**
	 * The security mode for humans (the Actuator endpoint):
	 * {@code signed (HMAC key ids [..], Ed25519 key ids [..]),
	 * bytecode level X, allowed by-value packages [..]}, {@code UNSIGNED ALLOWED ...}, or
	 * that request bodies are not read.
	 */
	public String describe() {
		List<String> parts = new ArrayList<>();
		if (this.allowUnsigned) {
			parts.add("UNSIGNED ALLOWED" + (hasVerificationKeys() ? " (signed bodies verified: " + keys() + ")" : ""));
		}
		else if (hasVerificationKeys()) {
			parts.add("signed (" + keys() + ")");
		}
		else {
			return "request bodies refused (no verification keys, allow-unsigned=false)"
					+ (signs() ? "; signing with key id " + getSigningKeyId() : "");
		}
		if (this.maxPayloadAge != null) {
			parts.add("max payload age " + this.maxPayloadAge);
		}
		if (this.replayGuard != null) {
			parts.add("replays refused");
		}
		parts.add("bytecode level " + this.bytecodeLevel);
		parts.add("allowed by-value packages " + this.allowedByValuePackages);
		if (!this.refuseShadowedClasses) {
			parts.add("SHADOWING ALLOWED");
		}
		if (signs()) {
			parts.add("signing with key id " + getSigningKeyId());
		}
		return String.join(", ", parts);
	}

	private String keys() {
		return "HMAC key ids " + this.hmacKeyIds + ", Ed25519 key ids " + this.ed25519KeyIds;
	}

	@Override
	public String toString() {
		return "CloudPickleSecurity[" + describe() + "]";
	}

}
