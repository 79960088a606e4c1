package io.cloudpickle.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.BytecodeLevel;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for cloudpickle.
 */
@ConfigurationProperties("cloudpickle")
public class CloudPickleProperties {

	/**
	 * Comma-separated list of packages whose classes are pickled by value (their bytecode
	 * travels in the payload). Prefix semantics: "com.acme" covers "com.acme.sub".
	 */
	private List<String> byValuePackages = new ArrayList<>();

	/**
	 * Whether packages registered at run time with CloudPickle.registerPickleByValue are
	 * also pickled by value.
	 */
	private boolean useGlobalRegistry = true;

	private final Limits limits = new Limits();

	private final ClassSpace classSpace = new ClassSpace();

	private final Http http = new Http();

	private final Security security = new Security();

	public List<String> getByValuePackages() {
		return this.byValuePackages;
	}

	public void setByValuePackages(List<String> byValuePackages) {
		try {
			// Same validation as the engine: dotted Java identifiers, no java.* package.
			Pickler.builder().byValuePackages(byValuePackages);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("Invalid cloudpickle.by-value-packages entry: " + ex.getMessage(), ex);
		}
		this.byValuePackages = new ArrayList<>(byValuePackages);
	}

	public boolean isUseGlobalRegistry() {
		return this.useGlobalRegistry;
	}

	public void setUseGlobalRegistry(boolean useGlobalRegistry) {
		this.useGlobalRegistry = useGlobalRegistry;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public ClassSpace getClassSpace() {
		return this.classSpace;
	}

	public Http getHttp() {
		return this.http;
	}

	public Security getSecurity() {
		return this.security;
	}

	/**
	 * Limits enforced while loading a payload, before anything is allocated. The defaults
	 * suit payloads received over the network; raise them for large object graphs.
	 */
	public static class Limits {

		/**
		 * Largest payload accepted.
		 */
		private DataSize maxPayloadSize = DataSize.ofMegabytes(16);

		/**
		 * Deepest nesting of the object graph (a linked list of n nodes nests n deep).
		 */
		private int maxDepth = 100_000;

		/**
		 * Most objects (including strings and boxes) in one payload.
		 */
		private int maxObjects = 4_000_000;

		/**
		 * Longest array or collection.
		 */
		private int maxArrayLength = 16_000_000;

		/**
		 * Longest string, in chars.
		 */
		private int maxStringLength = 16_000_000;

		/**
		 * Most classes shipped by value in one payload.
		 */
		private int maxClasses = 1_000;

		/**
		 * Most bytes of class files shipped by value in one payload.
		 */
		private DataSize maxClassSize = DataSize.ofMegabytes(16);

		/**
		 * Most hashCode steps spent rebuilding one payload's hash collections (about 1 s
		 * of CPU at the default); bounds nested collections that share elements, which
		 * hash in time exponential in their nesting.
		 */
		private long maxHashWork = 64_000_000;

		public DataSize getMaxPayloadSize() {
			return this.maxPayloadSize;
		}

		public void setMaxPayloadSize(DataSize maxPayloadSize) {
			this.maxPayloadSize = maxPayloadSize;
		}

		public int getMaxDepth() {
			return this.maxDepth;
		}

		public void setMaxDepth(int maxDepth) {
			this.maxDepth = maxDepth;
		}

		public int getMaxObjects() {
			return this.maxObjects;
		}

		public void setMaxObjects(int maxObjects) {
			this.maxObjects = maxObjects;
		}

		public int getMaxArrayLength() {
			return this.maxArrayLength;
		}

		public void setMaxArrayLength(int maxArrayLength) {
			this.maxArrayLength = maxArrayLength;
		}

		public int getMaxStringLength() {
			return this.maxStringLength;
		}

		public void setMaxStringLength(int maxStringLength) {
			this.maxStringLength = maxStringLength;
		}

		public int getMaxClasses() {
			return this.maxClasses;
		}

		public void setMaxClasses(int maxClasses) {
			this.maxClasses = maxClasses;
		}

		public DataSize getMaxClassSize() {
			return this.maxClassSize;
		}

		public void setMaxClassSize(DataSize maxClassSize) {
			this.maxClassSize = maxClassSize;
		}

		public long getMaxHashWork() {
			return this.maxHashWork;
		}

		public void setMaxHashWork(long maxHashWork) {
			this.maxHashWork = maxHashWork;
		}

		/**
		 * The engine's limits.
		 * @throws IllegalArgumentException naming the property if a value is not positive
		 */
		PickleLimits toPickleLimits() {
			requirePositive("max-payload-size", this.maxPayloadSize.toBytes());
			requirePositive("max-depth", this.maxDepth);
			requirePositive("max-objects", this.maxObjects);
			requirePositive("max-array-length", this.maxArrayLength);
			requirePositive("max-string-length", this.maxStringLength);
			requirePositive("max-classes", this.maxClasses);
			requirePositive("max-class-size", this.maxClassSize.toBytes());
			requirePositive("max-hash-work", this.maxHashWork);
			return new PickleLimits(Math.min(this.maxPayloadSize.toBytes(), Integer.MAX_VALUE - 16L), this.maxDepth,
					this.maxObjects, this.maxArrayLength, this.maxStringLength, this.maxClasses,
					this.maxClassSize.toBytes(), this.maxHashWork);
		}

		private static void requirePositive(String name, long value) {
			if (value <= 0) {
				throw new IllegalArgumentException("cloudpickle.limits." + name + " must be positive, was " + value);
			}
		}

	}

	/**
	 * Bounds of the receiver's class space, where classes received by value are defined.
	 * Evicted loaders are collected once no instance of their classes is left.
	 */
	public static class ClassSpace {

		/**
		 * Most bundle loaders kept in the cache.
		 */
		private int maxLoaders = 64;

		/**
		 * Most classes received by value kept across all cached loaders.
		 */
		private int maxClasses = 10_000;

		/**
		 * Most classes one loader takes before new bundles get a new loader.
		 */
		private int maxClassesPerLoader = 256;

		/**
		 * Most bytes of received class files kept across all cached loaders (and,
		 * separately, in the cache of verified class files): bounds the heap held for
		 * received classes.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(128);

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public int getMaxLoaders() {
			return this.maxLoaders;
		}

		public void setMaxLoaders(int maxLoaders) {
			this.maxLoaders = maxLoaders;
		}

		public int getMaxClasses() {
			return this.maxClasses;
		}

		public void setMaxClasses(int maxClasses) {
			this.maxClasses = maxClasses;
		}

		public int getMaxClassesPerLoader() {
			return this.maxClassesPerLoader;
		}

		public void setMaxClassesPerLoader(int maxClassesPerLoader) {
			this.maxClassesPerLoader = maxClassesPerLoader;
		}

	}

	/**
	 * HTTP integration: the application/x-cloudpickle converters (Spring MVC, RestClient,
	 * RestTemplate) and codecs (WebFlux, WebClient).
	 */
	public static class Http {

		/**
		 * Whether to register the application/x-cloudpickle HTTP message converters and
		 * codecs.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Security settings: payload signatures (HMAC-SHA256 and Ed25519) and the class gates
	 * applied to request bodies. A server loads pickled request bodies only if
	 * verification keys are configured (then unsigned bodies get 401) or allow-unsigned
	 * is set. Secrets belong in the environment, e.g.
	 * {@code cloudpickle.security.hmac.keys.k1=${CLOUDPICKLE_HMAC_KEY}}. See
	 * docs/SECURITY.md.
	 */
	public static class Security {

		/**
		 * Whether servers load unsigned application/x-cloudpickle request bodies. Loading
		 * a payload runs code chosen by the caller, so enable this only behind
		 * authentication, for trusted callers. With verification keys configured as well,
		 * signed bodies are still verified.
		 */
		private boolean allowUnsigned = false;

		/**
		 * Id of the key that signs outgoing payloads (request bodies of a client,
		 * response bodies of a server): one of cloudpickle.security.hmac.keys, or the id
		 * of cloudpickle.security.ed25519.private-key. Unset: payloads are not signed.
		 */
		private @Nullable String signingKeyId;

		/**
		 * Oldest signature accepted (signed issued-at). Signers always sign an issued-at.
		 * Unset: no limit. Needs verification keys.
		 */
		private @Nullable Duration maxPayloadAge;

		/**
		 * Whether a server refuses a signed body it has loaded before (a replay) while it
		 * is younger than max-payload-age, which must be set. Signatures are remembered
		 * in memory, per JVM.
		 */
		private boolean rejectReplays;

		/**
		 * Most unexpired signatures remembered for reject-replays; when full, new bodies
		 * are refused (403) until some expire. Size it above the bodies a server takes
		 * within max-payload-age.
		 */
		private int replayGuardSize = 100_000;

		/**
		 * Packages (prefix semantics) whose classes a received payload may ship by value.
		 * Empty: a server refuses every shipped class. The package of a class the
		 * receiver already has is refused regardless (no shadowing).
		 */
		private List<String> allowedByValuePackages = new ArrayList<>();

		/**
		 * Check of received bytecode: NONE (structure only), STANDARD (also refuses
		 * process execution, System.exit, native code, Unsafe, class definition, ...) or
		 * STRICT (also files, network, reflection, environment).
		 */
		private BytecodeLevel bytecodeLevel = BytecodeLevel.STANDARD;

		/**
		 * Whether a received payload may not ship a class whose name the receiver can
		 * already load. Turn off only for tests where client and server share one class
		 * path.
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

		public @Nullable Duration getMaxPayloadAge() {
			return this.maxPayloadAge;
		}

		public void setMaxPayloadAge(@Nullable Duration maxPayloadAge) {
			this.maxPayloadAge = maxPayloadAge;
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
