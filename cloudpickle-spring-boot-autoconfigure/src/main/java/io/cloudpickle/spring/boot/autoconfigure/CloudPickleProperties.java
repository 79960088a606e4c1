package io.cloudpickle.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.PickleLimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for cloudpickle. The security settings are in
 * {@link CloudPickleSecurityProperties} ({@code cloudpickle.security.*}).
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

	/**
	 * Whether singleton beans of the application context pickle as references by bean
	 * name and type, resolved in the receiver's own application context.
	 */
	private boolean beansByReference = true;

	/**
	 * Whether the enclosing instance of an inner, anonymous or local class is pickled as
	 * null when no code of the class reads it, so that a closure written inside a large
	 * service does not carry the service along. Fields that are read are always pickled.
	 */
	private boolean cleanClosures = true;

	private final Limits limits = new Limits();

	private final ClassSpace classSpace = new ClassSpace();

	private final Http http = new Http();

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

	public boolean isBeansByReference() {
		return this.beansByReference;
	}

	public void setBeansByReference(boolean beansByReference) {
		this.beansByReference = beansByReference;
	}

	public boolean isCleanClosures() {
		return this.cleanClosures;
	}

	public void setCleanClosures(boolean cleanClosures) {
		this.cleanClosures = cleanClosures;
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

	/**
	 * Limits enforced while loading a payload received over the network (HTTP request
	 * bodies), before anything is allocated. The defaults are the engine's network
	 * defaults ({@code PickleLimits.network()}); raise them for large object graphs. The
	 * application's own {@code PickleService} is trusted and uses the engine's generous
	 * defaults.
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
		private int maxObjects = 2_000_000;

		/**
		 * Longest array or collection.
		 */
		private int maxArrayLength = 4_000_000;

		/**
		 * Longest string, in chars.
		 */
		private int maxStringLength = 4_000_000;

		/**
		 * Most classes shipped by value in one payload.
		 */
		private int maxClasses = 512;

		/**
		 * Most bytes of class files shipped by value in one payload.
		 */
		private DataSize maxClassSize = DataSize.ofMegabytes(8);

		/**
		 * Most hashCode steps spent rebuilding one payload's hash collections (well under
		 * a second of CPU at the default); bounds nested collections that share elements,
		 * which hash in time exponential in their nesting.
		 */
		private long maxHashWork = 32_000_000;

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
			PickleLimits supported = PickleLimits.defaults();
			check(PickleLimit.MAX_PAYLOAD_BYTES, this.maxPayloadSize.toBytes(), supported.maxPayloadBytes());
			check(PickleLimit.MAX_DEPTH, this.maxDepth, Integer.MAX_VALUE);
			check(PickleLimit.MAX_OBJECTS, this.maxObjects, Integer.MAX_VALUE);
			check(PickleLimit.MAX_ARRAY_LENGTH, this.maxArrayLength, supported.maxArrayLength());
			check(PickleLimit.MAX_STRING_LENGTH, this.maxStringLength, supported.maxStringLength());
			check(PickleLimit.MAX_CLASSES, this.maxClasses, Integer.MAX_VALUE);
			check(PickleLimit.MAX_CLASS_BYTES, this.maxClassSize.toBytes(), supported.maxPayloadBytes());
			check(PickleLimit.MAX_HASH_WORK, this.maxHashWork, Long.MAX_VALUE);
			return new PickleLimits(this.maxPayloadSize.toBytes(), this.maxDepth, this.maxObjects, this.maxArrayLength,
					this.maxStringLength, this.maxClasses, this.maxClassSize.toBytes(), this.maxHashWork);
		}

		private static void check(PickleLimit limit, long value, long supported) {
			if (value <= 0) {
				throw new CloudPickleConfigurationException(limit.springProperty(), "must be positive, was " + value,
						"Set " + limit.springProperty() + " to a positive value, or remove it to use the default.");
			}
			if (value > supported) {
				throw new CloudPickleConfigurationException(limit.springProperty(),
						"is " + value + ", beyond the largest supported value " + supported,
						"Set " + limit.springProperty() + " to at most " + supported + ".");
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

		/**
		 * Whether the auto-configured clients send the bytes of a shipped class once per
		 * server: once the server confirms it holds a class, later request bodies name it
		 * by its SHA-256 only.
		 */
		private boolean peerClasses = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isPeerClasses() {
			return this.peerClasses;
		}

		public void setPeerClasses(boolean peerClasses) {
			this.peerClasses = peerClasses;
		}

	}

}
