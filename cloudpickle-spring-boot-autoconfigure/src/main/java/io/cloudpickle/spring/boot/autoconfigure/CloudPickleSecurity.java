package io.cloudpickle.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cloudpickle.security.BytecodeLevel;
import io.cloudpickle.security.ClassGates;
import io.cloudpickle.security.HttpRequestSigner;
import io.cloudpickle.security.HttpRequestVerifier;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;
import io.cloudpickle.security.ReplayGuard;
import io.cloudpickle.security.SignableRequest;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@code cloudpickle.security.*}, validated: the keys ({@code
 * CloudPickleKeys}), whether and how servers read {@code application/x-cloudpickle}
 * request bodies, and the HTTP request signer and verifier. The picklers themselves are
 * configured by customizers built from it.
 *
 * <p>
 * Reading request bodies is enabled when verification keys are configured (unsigned
 * requests are then refused, replays too, and signatures older than
 * {@code max-payload-age}) or {@code allow-unsigned=true}. Invalid settings fail start-up
 * with a {@link CloudPickleConfigurationException} naming the property.
 */
public final class CloudPickleSecurity {

	/** Shortest HMAC secret accepted from configuration. */
	public static final int MIN_HMAC_KEY_BYTES = CloudPickleKeys.MIN_HMAC_KEY_BYTES;

	private static final String PREFIX = "cloudpickle.security.";

	private final boolean allowUnsigned;

	private final CloudPickleKeys keys;

	private final Duration maxPayloadAge;

	/** One per application context, shared by its receivers. */
	private final @Nullable ReplayGuard replayGuard;

	private final List<String> allowedByValuePackages;

	private final BytecodeLevel bytecodeLevel;

	private final boolean refuseShadowedClasses;

	private final List<String> signedHeaders;

	private final @Nullable HttpRequestSigner requestSigner;

	private final @Nullable HttpRequestVerifier requestVerifier;

	private CloudPickleSecurity(CloudPickleSecurityProperties properties) {
		this.allowUnsigned = properties.isAllowUnsigned();
		this.bytecodeLevel = properties.getBytecodeLevel();
		this.refuseShadowedClasses = properties.isRefuseShadowedClasses();
		this.allowedByValuePackages = List.copyOf(properties.getAllowedByValuePackages());
		try {
			ClassGates.builder().allowByValuePackages(this.allowedByValuePackages);
		}
		catch (IllegalArgumentException ex) {
			throw CloudPickleKeys.invalid("allowed-by-value-packages", ex.getMessage(),
					"List package names such as com.acme.jobs.", ex);
		}
		this.keys = new CloudPickleKeys(properties);
		this.maxPayloadAge = properties.getMaxPayloadAge();
		if (this.maxPayloadAge.isNegative() || this.maxPayloadAge.isZero()) {
			throw CloudPickleKeys.invalid("max-payload-age", "must be positive, was " + this.maxPayloadAge,
					"Set it to how old a signed request may be, e.g. 5m.", null);
		}
		if (properties.getReplayGuardSize() < 1) {
			throw CloudPickleKeys.invalid("replay-guard-size",
					"must be positive, was " + properties.getReplayGuardSize(),
					"Set it above the requests a server takes within " + PREFIX + "max-payload-age.", null);
		}
		this.replayGuard = (properties.isRejectReplays() && hasVerificationKeys())
				? ReplayGuard.inMemory(properties.getReplayGuardSize()) : null;
		try {
			this.signedHeaders = SignableRequest.headerNames(properties.getSignedHeaders());
		}
		catch (IllegalArgumentException ex) {
			throw CloudPickleKeys.invalid("signed-headers", ex.getMessage(), "List HTTP header names.", ex);
		}
		PayloadSigner signer = this.keys.signer();
		this.requestSigner = (signer != null) ? HttpRequestSigner.of(signer).coveringHeaders(this.signedHeaders) : null;
		PayloadVerifier verifier = this.keys.verifier();
		if (verifier != null) {
			HttpRequestVerifier.Builder builder = HttpRequestVerifier.builder(verifier)
				.maxAge(this.maxPayloadAge)
				.significantHeaders(this.signedHeaders);
			if (this.replayGuard != null) {
				builder.rejectReplays(this.replayGuard);
			}
			this.requestVerifier = builder.build();
		}
		else {
			this.requestVerifier = null;
		}
	}

	/**
	 * Validates {@code properties}.
	 * @throws CloudPickleConfigurationException naming the property if a setting is
	 * invalid
	 */
	public static CloudPickleSecurity of(CloudPickleSecurityProperties properties) {
		return new CloudPickleSecurity(properties);
	}

	/** Whether verification keys (HMAC or Ed25519) are configured. */
	public boolean hasVerificationKeys() {
		return this.keys.verifier() != null;
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

	/** Whether outgoing requests and payloads are signed. */
	public boolean signs() {
		return this.keys.signer() != null;
	}

	public List<String> getHmacKeyIds() {
		return this.keys.hmacKeyIds();
	}

	public List<String> getEd25519KeyIds() {
		return this.keys.ed25519KeyIds();
	}

	public List<String> getAllowedByValuePackages() {
		return this.allowedByValuePackages;
	}

	public BytecodeLevel getBytecodeLevel() {
		return this.bytecodeLevel;
	}

	/** Whether shipped classes the receiver already has are refused. */
	public boolean isRefuseShadowedClasses() {
		return this.refuseShadowedClasses;
	}

	public Duration getMaxPayloadAge() {
		return this.maxPayloadAge;
	}

	/** Whether replays are refused (verification keys and {@code reject-replays}). */
	public boolean rejectsReplays() {
		return this.replayGuard != null;
	}

	/** The declared significant headers, lower case. */
	public List<String> getSignedHeaders() {
		return this.signedHeaders;
	}

	public @Nullable String getSigningKeyId() {
		PayloadSigner signer = this.keys.signer();
		return (signer != null) ? signer.keyId() : null;
	}

	/** The payload signer, or null if {@code signing-key-id} is not set. */
	public @Nullable PayloadSigner payloadSigner() {
		return this.keys.signer();
	}

	/** The payload verifier, or null without verification keys. */
	public @Nullable PayloadVerifier payloadVerifier() {
		return this.keys.verifier();
	}

	/** The HTTP request signer, or null if {@code signing-key-id} is not set. */
	public @Nullable HttpRequestSigner requestSigner() {
		return this.requestSigner;
	}

	/** The HTTP request verifier, or null without verification keys. */
	public @Nullable HttpRequestVerifier requestVerifier() {
		return this.requestVerifier;
	}

	/**
	 * The security mode for humans (the start-up line, the Actuator endpoint):
	 * {@code signed (HMAC key ids [..], Ed25519 key ids [..]), ...},
	 * {@code UNSIGNED ALLOWED ...}, or that request bodies are not read.
	 */
	public String describe() {
		List<String> parts = new ArrayList<>();
		if (this.allowUnsigned) {
			parts
				.add("UNSIGNED ALLOWED" + (hasVerificationKeys() ? " (signed requests verified: " + keys() + ")" : ""));
		}
		else if (hasVerificationKeys()) {
			parts.add("signed (" + keys() + ")");
		}
		else {
			return "request bodies refused (no verification keys, allow-unsigned=false)"
					+ (signs() ? "; signing with key id " + getSigningKeyId() : "");
		}
		if (hasVerificationKeys()) {
			parts.add("max payload age " + this.maxPayloadAge);
			parts.add((this.replayGuard != null) ? "replays refused" : "REPLAYS ALLOWED");
		}
		if (!this.signedHeaders.isEmpty()) {
			parts.add("signed headers " + this.signedHeaders);
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
		return "HMAC key ids " + getHmacKeyIds() + ", Ed25519 key ids " + getEd25519KeyIds();
	}

	@Override
	public String toString() {
		return "CloudPickleSecurity[" + describe() + "]";
	}

}
