package com.example.compute.server;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cloudpickle.PayloadClasses;

/**
 * The class files this server was sent and can serve again, by SHA-256, for classes that
 * later request bodies name by hash only ({@code compute.isolation=process}): the server
 * never loads them, it only expands those bodies ({@link PayloadClasses#expand}) before a
 * worker loads them, and the worker then judges them as if their bytes had been sent.
 *
 * <p>
 * A class file is held only after a worker loaded a payload carrying it (so it passed the
 * worker's gates once, and never came from a refused or timed-out body), and it is served
 * only to the key that sent it: the signing key id of the payloads, so that one key
 * holder cannot have another's code run (and read back) by naming its hash. Bounded in
 * classes and bytes; the least recently used class file goes first. Thread-safe.
 */
final class HeldClassStore {

	private final int maxClasses;

	private final long maxBytes;

	/** By SHA-256, in access order. */
	private final LinkedHashMap<String, Held> held = new LinkedHashMap<>(64, 0.75f, true);

	private long bytes;

	private long evictions;

	HeldClassStore(int maxClasses, long maxBytes) {
		if (maxClasses < 1 || maxBytes < 1) {
			throw new IllegalArgumentException("class store bounds must be positive");
		}
		this.maxClasses = maxClasses;
		this.maxBytes = maxBytes;
	}

	/**
	 * The class file of {@code name} with this SHA-256 if {@code keyId} sent it, else
	 * null.
	 */
	synchronized byte[] classFile(String keyId, String name, String sha256) {
		Held file = this.held.get(sha256);
		return (file != null && file.name.equals(name) && file.keyIds.contains(keyId)) ? file.bytes : null;
	}

	/**
	 * Holds the class files a payload of {@code keyId} carried, which a worker loaded.
	 * @return the SHA-256 of those now held (not those over the bounds on their own)
	 */
	synchronized List<String> hold(String keyId, List<PayloadClasses.ClassFile> files) {
		for (PayloadClasses.ClassFile file : files) {
			if (file.bytes().length > this.maxBytes) {
				continue;
			}
			Held known = this.held.get(file.sha256());
			if (known == null) {
				known = new Held(file.name(), file.bytes());
				this.held.put(file.sha256(), known);
				this.bytes += file.bytes().length;
			}
			known.keyIds.add(keyId);
		}
		evict();
		List<String> now = new ArrayList<>(files.size());
		for (PayloadClasses.ClassFile file : files) {
			Held known = this.held.get(file.sha256());
			if (known != null && known.keyIds.contains(keyId)) {
				now.add(file.sha256());
			}
		}
		return now;
	}

	private void evict() {
		Iterator<Map.Entry<String, Held>> eldest = this.held.entrySet().iterator();
		while ((this.held.size() > this.maxClasses || this.bytes > this.maxBytes) && eldest.hasNext()) {
			this.bytes -= eldest.next().getValue().bytes.length;
			eldest.remove();
			this.evictions++;
		}
	}

	/** Forgets every class file. */
	synchronized void clear() {
		this.held.clear();
		this.bytes = 0;
	}

	/** Classes and bytes held, and class files evicted so far. */
	synchronized Counts counts() {
		return new Counts(this.held.size(), this.bytes, this.evictions);
	}

	record Counts(int classes, long bytes, long evictions) {
	}

	private static final class Held {

		final String name;

		final byte[] bytes;

		final Set<String> keyIds = new HashSet<>(2);

		Held(String name, byte[] bytes) {
			this.name = name;
			this.bytes = bytes;
		}

	}

}
