package io.cloudpickle.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cloudpickle.security.BytecodeLevel;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Security settings ({@code cloudpickle.security.*}): payload and request signatures
 * (HMAC-SHA256 and Ed25519) and the class gates applied to request bodies. A server loads
 * pickled request bodies only if verification keys are configured (then unsigned bodies
 * get 401) or allow-unsigned is set. Secrets belong in the environment, e.g.
 * {@code cloudpickle.security.hmac.keys.k1=${CLOUDPICKLE_HMAC_KEY}}. Unknown keys under
 * {@code cloudpickle.security} fail start-up, so that a typo cannot leave a server
 * silently refusing every request. See docs/SECURITY.md.
 */
@ConfigurationProperties(prefix = "cloudpickle.security", ignoreUnknownFields = false)
public class CloudPickleSecurityProperties {

	/**
	 * Whether servers load unsigned application/x-cloudpickle request bodies (without
	 * request or payload signature). Loading a payload runs code chosen by the caller, so
	 * enable this only behind authentication, for trusted callers. With verification keys
	 * configured as well, signed requests are still verified.
	 */
	private boolean allowUnsigned = false;

	/**
	 * Id of the key that signs outgoing requests and payloads (request bodies of a
	 * client, which RestClient, RestTemplate and WebClient also sign as HTTP requests;
	 * response bodies of a server): one of cloudpickle.security.hmac.keys, or the id of
	 * cloudpickle.security.ed25519.private-key. Unset: nothing is signed.
	 */
	private @Nullable String signingKeyId;

	/**
	 * Oldest request signature (signed creation time) and payload signature (signed
	 * issued-at) a server accepts. Applies when verification keys are configured.
	 */
	private Duration maxPayloadAge = Duration.ofMinutes(5);

	/**
	 * Whether a server refuses a signed request it has received before (a replay) while
	 * it is younger than max-payload-age. Request signatures carry a one-time nonce; they
	 * are remembered in memory, per JVM.
	 */
	private boolean rejectReplays = true;

	/**
	 * Comma-separated list of request headers that change what a request does: clients
	 * sign them when a request carries them, servers refuse a request that carries one
	 * its signature does not cover.
	 */
	private List<String> signedHeaders = new ArrayList<>();

	/**
	 * Most unexpired signatures remembered for reject-replays; when full, new requests
	 * are refused (403) until some expire. Size it above the requests a server takes
	 * within max-payload-age.
	 */
	private int replayGuardSize = 100_000;

	/**
	 * Packages (prefix semantics) whose classes a received payload may ship by value.
	 * Empty: a server refuses every shipped class. The package of a class the receiver
	 * already has is refused regardless (no shadowing).
	 */
	private List<String> allowedByValuePackages = new ArrayList<>();

	/**
	 * Check of received bytecode: NONE (structure only), STANDARD (also refuses process
	 * execution, System.exit, native code, Unsafe, class definition, ...) or STRICT (also
	 * files, network, reflection, environment).
	 */
	private BytecodeLevel bytecodeLevel = BytecodeLevel.STANDARD;

	/**
	 * Whether a received payload may not ship a class whose name the receiver can already
	 * load. Turn off only for tests where client and server share one class path.
	 */
	private boolean refuseShadowedClasses = true;

	private final Hmac hmac = new Hmac();

	private final Ed25519 ed25519 = new Ed25519();

	public boolean isAllowUnsigned() {
		return this.allowUnsigned;
	}

	public void setAllowUnsigned(boolean allowUnsigned) {
		this.allowUnsigned = allowUnsigned;
	}

	public @Nullable String getSigningKeyId() {
		return this.signingKeyId;
	}

	public void setSigningKeyId(@Nullable String signingKeyId) {
		this.signingKeyId = signingKeyId;
	}

	public Duration getMaxPayloadAge() {
		return this.maxPayloadAge;
	}

	public void setMaxPayloadAge(Duration maxPayloadAge) {
		this.maxPayloadAge = maxPayloadAge;
	}

	public List<String> getSignedHeaders() {
		return this.signedHeaders;
	}

	public void setSignedHeaders(List<String> signedHeaders) {
		this.signedHeaders = new ArrayList<>(signedHeaders);
	}

	public boolean isRejectReplays() {
		return this.rejectReplays;
	}

	public void setRejectReplays(boolean rejectReplays) {
		this.rejectReplays = rejectReplays;
	}

	public int getReplayGuardSize() {
		return this.replayGuardSize;
	}

	public void setReplayGuardSize(int replayGuardSize) {
		this.replayGuardSize = replayGuardSize;
	}

	public List<String> getAllowedByValuePackages() {
		return this.allowedByValuePackages;
	}

	public void setAllowedByValuePackages(List<String> allowedByValuePackages) {
		this.allowedByValuePackages = new ArrayList<>(allowedByValuePackages);
	}

	public BytecodeLevel getBytecodeLevel() {
		return this.bytecodeLevel;
	}

	public void setBytecodeLevel(BytecodeLevel bytecodeLevel) {
		this.bytecodeLevel = bytecodeLevel;
	}

	public boolean isRefuseShadowedClasses() {
		return this.refuseShadowedClasses;
	}

	public void setRefuseShadowedClasses(boolean refuseShadowedClasses) {
		this.refuseShadowedClasses = refuseShadowedClasses;
	}

	public Hmac getHmac() {
		return this.hmac;
	}

	public Ed25519 getEd25519() {
		return this.ed25519;
	}

	/**
	 * HMAC-SHA256 keys (shared secrets).
	 */
	public static class Hmac {

		/**
		 * Verification keys by key id (several at once for rotation); one may also sign
		 * (signing-key-id). Each secret is base64 of at least 32 bytes, or "text:"
		 * followed by at least 32 characters of text.
		 */
		private Map<String, String> keys = new LinkedHashMap<>();

		public Map<String, String> getKeys() {
			return this.keys;
		}

		public void setKeys(Map<String, String> keys) {
			this.keys = new LinkedHashMap<>(keys);
		}

	}

	/**
	 * Ed25519 keys: receivers hold only public keys, so clients need not share a secret
	 * with the server.
	 */
	public static class Ed25519 {

		/**
		 * Verification keys by key id: base64 of the X.509 (SubjectPublicKeyInfo)
		 * encoding.
		 */
		private Map<String, String> publicKeys = new LinkedHashMap<>();

		/**
		 * Private key that signs outgoing payloads under signing-key-id: base64 of the
		 * PKCS#8 encoding.
		 */
		private @Nullable String privateKey;

		public Map<String, String> getPublicKeys() {
			return this.publicKeys;
		}

		public void setPublicKeys(Map<String, String> publicKeys) {
			this.publicKeys = new LinkedHashMap<>(publicKeys);
		}

		public @Nullable String getPrivateKey() {
			return this.privateKey;
		}

		public void setPrivateKey(@Nullable String privateKey) {
			this.privateKey = privateKey;
		}

	}

}
