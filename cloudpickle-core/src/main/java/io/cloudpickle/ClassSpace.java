package io.cloudpickle;

import java.util.ArrayList;
import java.util.List;

import io.cloudpickle.internal.classtable.BundleLoaders;
import io.cloudpickle.internal.classtable.ShippedClass;

/**
 * The receiver's space of classes received by value: a bounded cache of class loaders.
 *
 * <p>
 * The same bytes arriving in two payloads give the same {@link Class}, so instances from
 * two payloads compare equal and {@code instanceof} works. Changed bytes under a known
 * name give a new class, side by side with the old one. Loaders are kept in a bounded
 * most-recently-used cache; an evicted loader is collected, with its metaspace, once no
 * instance of its classes is left. Picklers share {@link #shared()} unless given their
 * own ({@link Pickler.Builder#classSpace(ClassSpace)}).
 */
public final class ClassSpace {

	/**
	 * Default bound on the bytes of class files the space keeps (in loaders, and again in
	 * the verified cache).
	 */
	public static final long DEFAULT_MAX_BYTES = 128L * 1024 * 1024;

	private static final ClassSpace SHARED = new ClassSpace(64, 10_000, 256);

	private final BundleLoaders loaders;

	/**
	 * @param maxLoaders most loaders kept in the cache
	 * @param maxClasses most shipped classes kept across all cached loaders
	 * @param maxClassesPerLoader most classes a loader takes before new bundles get a new
	 * loader
	 */
	public ClassSpace(int maxLoaders, int maxClasses, int maxClassesPerLoader) {
		this(maxLoaders, maxClasses, maxClassesPerLoader, DEFAULT_MAX_BYTES);
	}

	/**
	 * @param maxLoaders most loaders kept in the cache
	 * @param maxClasses most shipped classes kept across all cached loaders
	 * @param maxClassesPerLoader most classes a loader takes before new bundles get a new
	 * loader
	 * @param maxBytes most bytes of class files kept across all cached loaders (and,
	 * separately, in the cache of verified class files), so that heap held for received
	 * classes is bounded in bytes as well as in classes
	 */
	public ClassSpace(int maxLoaders, int maxClasses, int maxClassesPerLoader, long maxBytes) {
		if (maxLoaders < 1 || maxClasses < 1 || maxClassesPerLoader < 1 || maxBytes < 1) {
			throw new IllegalArgumentException("class space bounds must be positive");
		}
		this.loaders = new BundleLoaders(maxLoaders, maxClasses, maxClassesPerLoader, maxBytes);
	}

	/** The space shared by picklers that do not configure their own. */
	public static ClassSpace shared() {
		return SHARED;
	}

	/**
	 * The numbers of {@link #stats()} without copying any bundle: cheap enough for every
	 * metrics scrape.
	 */
	public Counts counts() {
		return counts(this.loaders.counts());
	}

	private static Counts counts(BundleLoaders.Counts counts) {
		return new Counts(counts.loaders(), counts.classes(), counts.classBytes(), counts.evictions(),
				counts.loadersCreated());
	}

	/**
	 * A snapshot of the cache, with every bundle's classes, for the actuator endpoint.
	 */
	public Stats stats() {
		synchronized (this.loaders) {
			List<Bundle> bundles = new ArrayList<>();
			for (BundleLoaders.Bundle bundle : this.loaders.bundles()) {
				List<ReceivedClass> classes = new ArrayList<>(bundle.classes().size());
				for (ShippedClass shipped : bundle.classes()) {
					classes.add(new ReceivedClass(shipped.name(), shipped.hashHex(), shipped.bytes().length));
				}
				bundles.add(new Bundle(bundle.loaderName(), classes));
			}
			return new Stats(counts(), bundles);
		}
	}

	BundleLoaders loaders() {
		return this.loaders;
	}

	/**
	 * @param loaders loaders in the cache
	 * @param classes classes they hold
	 * @param classBytes class file bytes they hold
	 * @param evictions loaders dropped from the cache so far
	 * @param loadersCreated loaders created so far
	 */
	public record Counts(int loaders, int classes, long classBytes, long evictions, long loadersCreated) {
	}

	/**
	 * @param counts the numbers
	 * @param bundles each cached loader and its classes
	 */
	public record Stats(Counts counts, List<Bundle> bundles) {
	}

	/**
	 * One cached loader and the classes it holds.
	 *
	 * @param loaderName the loader's name
	 * @param classes its classes, by name
	 */
	public record Bundle(String loaderName, List<ReceivedClass> classes) {
	}

	/**
	 * A class received by value.
	 *
	 * @param name its binary name
	 * @param sha256 the SHA-256 of its class file, in hex
	 * @param size its class file's length in bytes
	 */
	public record ReceivedClass(String name, String sha256, int size) {
	}

}
