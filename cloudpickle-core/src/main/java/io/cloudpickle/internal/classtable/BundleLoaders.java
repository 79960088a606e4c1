package io.cloudpickle.internal.classtable;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.scan.ClassFile;

/**
 * The bounded cache of bundle loaders behind a {@code ClassSpace}.
 *
 * <p>
 * The same bytes arriving in two payloads give the same {@link Class}: a bundle goes into
 * an existing loader whose contents agree with it (same name, same hash), so classes that
 * reference each other share a loader and runtime package. Changed bytes under a known
 * name go into another loader, side by side with the old class. Loaders are kept in a
 * bounded most-recently-used cache; an evicted loader is dropped from the cache and is
 * collected, with its metaspace, once no instance of its classes is left.
 */
public final class BundleLoaders {

	private final int maxLoaders;

	private final int maxClasses;

	private final int maxClassesPerLoader;

	private final long maxBytes;

	private long verifiedBytes;

	/** Most recently used last. */
	private final LinkedHashMap<ShippedClassLoader, Boolean> loaders = new LinkedHashMap<>(16, 0.75f, true);

	/**
	 * Loaders that belong to one payload alone (see
	 * {@link #install(List, ClassLoader, boolean)}).
	 */
	private final Set<ShippedClassLoader> isolated = new HashSet<>();

	/** Verified hashes, so the warm path compares bytes instead of hashing them. */
	private final Map<ByteBuffer, byte[]> verified = new HashMap<>();

	private int nextSerial = 1;

	private long evictions;

	private long loadersCreated;

	/** Bounds checked by {@code ClassSpace}. */
	public BundleLoaders(int maxLoaders, int maxClasses, int maxClassesPerLoader, long maxBytes) {
		this.maxLoaders = maxLoaders;
		this.maxClasses = maxClasses;
		this.maxClassesPerLoader = maxClassesPerLoader;
		this.maxBytes = maxBytes;
	}

	/**
	 * Places a payload's bundle in a loader whose contents agree with it, verifying every
	 * hash, and returns that loader.
	 */
	public ShippedClassLoader install(List<ShippedClass> bundle, ClassLoader parent) {
		return install(bundle, parent, false);
	}

	/**
	 * Places a payload's bundle, verifying every hash, and returns its loader.
	 * @param isolated whether the bundle gets a new loader that no other bundle will
	 * share, because its classes carry per-payload static state (JShell top-level
	 * variables); otherwise a loader whose contents agree is reused
	 */
	public ShippedClassLoader install(List<ShippedClass> bundle, ClassLoader parent, boolean isolated) {
		verifyHashes(bundle);
		return installVerified(bundle, parent, isolated);
	}

	/**
	 * {@link #install(List, ClassLoader, boolean)} for a bundle whose hashes the caller
	 * has just verified.
	 */
	ShippedClassLoader installVerified(List<ShippedClass> bundle, ClassLoader parent, boolean isolated) {
		synchronized (this) {
			ShippedClassLoader target = isolated ? null : choose(bundle, parent);
			if (target == null) {
				target = new ShippedClassLoader(parent, this.nextSerial++);
				this.loadersCreated++;
				if (isolated) {
					this.isolated.add(target);
				}
			}
			for (ShippedClass shipped : bundle) {
				target.add(shipped);
			}
			this.loaders.put(target, Boolean.TRUE);
			evict(target);
			return target;
		}
	}

	/**
	 * Checks every class file of a bundle against its SHA-256, remembering verified files
	 * so that the warm path compares bytes instead of hashing them.
	 * @throws PickleException naming the first class whose bytes do not match
	 */
	void verifyHashes(List<ShippedClass> bundle) {
		for (ShippedClass shipped : bundle) {
			verify(shipped);
		}
	}

	private void verify(ShippedClass shipped) {
		ByteBuffer key = ByteBuffer.wrap(shipped.sha256());
		byte[] known;
		synchronized (this) {
			known = this.verified.get(key);
		}
		if (known != null && Arrays.equals(known, shipped.bytes())) {
			return;
		}
		if (!Arrays.equals(ClassFile.sha256(shipped.bytes()), shipped.sha256())) {
			throw new PickleException(
					"payload is corrupt: the bytes of shipped class " + shipped.name() + " do not match their SHA-256");
		}
		synchronized (this) {
			if (this.verified.size() >= this.maxClasses * 2
					|| this.verifiedBytes + shipped.bytes().length > this.maxBytes) {
				this.verified.clear();
				this.verifiedBytes = 0;
			}
			if (this.verified.put(key, shipped.bytes()) == null) {
				this.verifiedBytes += shipped.bytes().length;
			}
		}
	}

	/**
	 * The class file of {@code name} with this SHA-256 if the space holds it (in a cached
	 * loader or among verified files), else null.
	 */
	synchronized byte[] heldBytes(String name, byte[] sha256) {
		byte[] verifiedBytes = this.verified.get(ByteBuffer.wrap(sha256));
		if (verifiedBytes != null) {
			return verifiedBytes;
		}
		for (ShippedClassLoader loader : this.loaders.keySet()) {
			ShippedClass held = loader.get(name);
			if (held != null && Arrays.equals(held.sha256(), sha256)) {
				return held.bytes();
			}
		}
		return null;
	}

	private ShippedClassLoader choose(List<ShippedClass> bundle, ClassLoader parent) {
		ShippedClassLoader best = null;
		int bestOverlap = -1;
		ShippedClassLoader lastCompatible = null;
		for (ShippedClassLoader loader : this.loaders.keySet()) {
			if (loader.getParent() != parent || this.isolated.contains(loader)) {
				continue;
			}
			int overlap = overlap(loader, bundle);
			if (overlap < 0) {
				continue;
			}
			// Ties go to the oldest loader: the cache iterates least recently used first,
			// so
			// any use-dependent choice would alternate between two loaders that both hold
			// a
			// class (after a changed sibling forced a second one), and the same bytes
			// would
			// come back as two classes.
			if (overlap > bestOverlap || (overlap == bestOverlap && loader.serial() < best.serial())) {
				best = loader;
				bestOverlap = overlap;
			}
			lastCompatible = loader;
		}
		if (best != null && bestOverlap > 0 && best.size() + bundle.size() - bestOverlap <= this.maxClassesPerLoader) {
			return best;
		}
		if (lastCompatible != null && lastCompatible.size() + bundle.size() <= this.maxClassesPerLoader) {
			return lastCompatible;
		}
		return null;
	}

	/**
	 * How many of the bundle's classes the loader already holds, or -1 if one of them
	 * differs.
	 */
	private static int overlap(ShippedClassLoader loader, List<ShippedClass> bundle) {
		int same = 0;
		for (ShippedClass shipped : bundle) {
			ShippedClass held = loader.get(shipped.name());
			if (held != null) {
				if (!Arrays.equals(held.sha256(), shipped.sha256())) {
					return -1;
				}
				same++;
			}
		}
		return same;
	}

	private void evict(ShippedClassLoader keep) {
		int classes = 0;
		long bytes = 0;
		for (ShippedClassLoader loader : this.loaders.keySet()) {
			classes += loader.size();
			bytes += loader.byteSize();
		}
		Iterator<ShippedClassLoader> oldestFirst = this.loaders.keySet().iterator();
		while ((this.loaders.size() > this.maxLoaders || classes > this.maxClasses || bytes > this.maxBytes)
				&& oldestFirst.hasNext()) {
			ShippedClassLoader oldest = oldestFirst.next();
			if (oldest == keep) {
				continue;
			}
			classes -= oldest.size();
			bytes -= oldest.byteSize();
			oldestFirst.remove();
			this.isolated.remove(oldest);
			this.evictions++;
		}
	}

	/**
	 * What the cache holds, in numbers.
	 *
	 * @param loaders loaders in the cache
	 * @param classes classes they hold
	 * @param classBytes class file bytes they hold
	 * @param evictions loaders dropped from the cache so far
	 * @param loadersCreated loaders created so far
	 */
	public record Counts(int loaders, int classes, long classBytes, long evictions, long loadersCreated) {
	}

	/**
	 * One cached loader's name and classes, sorted by name.
	 *
	 * @param loaderName the loader's name
	 * @param classes its classes
	 */
	public record Bundle(String loaderName, List<ShippedClass> classes) {
	}

	/** The numbers of {@link #bundles()} without copying any bundle. */
	public synchronized Counts counts() {
		int classes = 0;
		long bytes = 0;
		for (ShippedClassLoader loader : this.loaders.keySet()) {
			classes += loader.size();
			bytes += loader.byteSize();
		}
		return new Counts(this.loaders.size(), classes, bytes, this.evictions, this.loadersCreated);
	}

	/** Every cached loader with its classes. */
	public synchronized List<Bundle> bundles() {
		List<Bundle> bundles = new ArrayList<>();
		for (ShippedClassLoader loader : this.loaders.keySet()) {
			List<ShippedClass> held = new ArrayList<>(loader.shippedClasses());
			held.sort((a, b) -> a.name().compareTo(b.name()));
			bundles.add(new Bundle(loader.getName(), held));
		}
		return bundles;
	}

}
