package io.cloudpickle.internal.classtable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.policy.ByValuePolicy;
import io.cloudpickle.internal.scan.DependencyClosure;
import io.cloudpickle.internal.scan.ShippableClass;

/**
 * The sender's class table: every class the object graph names gets an index in first-use
 * order; by-value classes add their dependency closure to the bundle, which is written
 * sorted by name so payloads are deterministic. Names are written compactly
 * (docs/FORMAT.md §4): well-known JDK classes as one byte, shipped classes as their
 * bundle index, others as a package of the payload's package table plus a simple name.
 */
public final class WriteClassTable {

	/** Up to this many classes, lookups scan the index order; past it, a hash table. */
	private static final int LINEAR = 8;

	private static final byte[] EMPTY = new byte[0];

	private final ByValuePolicy policy;

	/** The classes in index order. */
	private Class<?>[] classes = new Class<?>[LINEAR];

	/** Their compact names, in index order. */
	private CompactName[] names = new CompactName[LINEAR];

	private int size;

	/** Open addressing by identity, built once the table outgrows {@link #LINEAR}. */
	private Class<?>[] hashKeys;

	private int[] hashIds;

	private Class<?> lastType;

	private int lastId;

	/** Created for the first class shipped by value. */
	private TreeMap<String, ShippableClass> bundle;

	public WriteClassTable(ByValuePolicy policy) {
		this.policy = policy;
	}

	/**
	 * The index of {@code type}, registering it (and shipping it, if it is by value) on
	 * first use.
	 */
	public int idOf(Class<?> type) {
		if (type == this.lastType) {
			return this.lastId;
		}
		int id = find(type);
		if (id < 0) {
			id = add(type);
		}
		this.lastType = type;
		this.lastId = id;
		return id;
	}

	private int find(Class<?> type) {
		if (this.hashKeys == null) {
			Class<?>[] known = this.classes;
			for (int i = 0; i < this.size; i++) {
				if (known[i] == type) {
					return i;
				}
			}
			return -1;
		}
		int mask = this.hashKeys.length - 1;
		for (int slot = System.identityHashCode(type) & mask;; slot = (slot + 1) & mask) {
			Class<?> key = this.hashKeys[slot];
			if (key == type) {
				return this.hashIds[slot];
			}
			if (key == null) {
				return -1;
			}
		}
	}

	private int add(Class<?> type) {
		CompactName name = CompactName.of(type);
		if (!name.jdk && this.policy.isByValue(name.element)) {
			ship(name.element);
		}
		int id = this.size;
		if (id == this.classes.length) {
			this.classes = Arrays.copyOf(this.classes, id * 2);
			this.names = Arrays.copyOf(this.names, id * 2);
		}
		this.classes[id] = type;
		this.names[id] = name;
		this.size = id + 1;
		if (this.hashKeys != null || this.size > LINEAR) {
			index(type, id);
		}
		return id;
	}

	private void index(Class<?> type, int id) {
		if (this.hashKeys == null || this.size * 2 > this.hashKeys.length) {
			int capacity = Integer.highestOneBit(this.size * 4 - 1);
			this.hashKeys = new Class<?>[capacity];
			this.hashIds = new int[capacity];
			for (int i = 0; i < this.size; i++) {
				put(this.classes[i], i);
			}
			return;
		}
		put(type, id);
	}

	private void put(Class<?> type, int id) {
		int mask = this.hashKeys.length - 1;
		int slot = System.identityHashCode(type) & mask;
		while (this.hashKeys[slot] != null) {
			slot = (slot + 1) & mask;
		}
		this.hashKeys[slot] = type;
		this.hashIds[slot] = id;
	}

	private void ship(Class<?> element) {
		if (this.bundle == null) {
			this.bundle = new TreeMap<>();
		}
		for (ShippableClass shippable : DependencyClosure.of(element, this.policy)) {
			ShippableClass previous = this.bundle.putIfAbsent(shippable.name(), shippable);
			if (previous == null && shippable.firstShipment()) {
				ShippedOrigins.remember(shippable.sha256(), shippable.type());
			}
			if (previous != null && previous != shippable && !Arrays.equals(previous.sha256(), shippable.sha256())) {
				throw new PickleException("the graph holds two different classes named " + shippable.name()
						+ " (from different class loaders); one payload ships one class per name:"
						+ " pickle them in separate payloads");
			}
		}
	}

	public boolean isEmpty() {
		return this.size == 0;
	}

	/** The classes shipped by value so far, sorted by name. */
	public List<Class<?>> shippedClasses() {
		if (this.bundle == null) {
			return List.of();
		}
		List<Class<?>> types = new ArrayList<>(this.bundle.size());
		for (ShippableClass shippable : this.bundle.values()) {
			types.add(shippable.type());
		}
		return types;
	}

	/** The highest class file major version among shipped classes, 0 if none. */
	public int maxMajorVersion() {
		int max = 0;
		if (this.bundle != null) {
			for (ShippableClass shippable : this.bundle.values()) {
				max = Math.max(max, shippable.majorVersion());
			}
		}
		return max;
	}

	/** Writes the bundle (sorted by name) then the class entries (in index order). */
	public void writeTo(ByteSink out) {
		writeTo(out, new Shipment(null));
	}

	/**
	 * Writes the bundle (sorted by name) then the class entries (in index order); a class
	 * the shipment's peer holds is written by hash only, as an empty class file.
	 */
	public void writeTo(ByteSink out, Shipment shipment) {
		WritePackages packages = new WritePackages();
		Map<String, Integer> bundleIndex = null;
		if (this.bundle == null) {
			out.writeVarInt(0);
		}
		else {
			out.writeVarInt(this.bundle.size());
			bundleIndex = new HashMap<>();
			for (ShippableClass shippable : this.bundle.values()) {
				bundleIndex.put(shippable.name(), bundleIndex.size());
				packages.writeName(out, CompactName.of(shippable.type()));
				out.writeBytes(shippable.sha256());
				String sha = shippable.sha256Hex();
				if (shipment.peerHolds.test(sha)) {
					out.writeBlob(EMPTY);
					shipment.referenced.add(sha);
				}
				else {
					out.writeBlob(shippable.bytes());
					shipment.shipped.add(sha);
					shipment.classBytes += shippable.bytes().length;
				}
			}
		}
		out.writeVarInt(this.size);
		for (int i = 0; i < this.size; i++) {
			CompactName name = this.names[i];
			if (name.dimensions > 0) {
				out.writeByte(ClassEntries.ARRAY);
				out.writeByte(name.dimensions);
			}
			if (name.wellKnown >= 0) {
				out.writeByte(name.wellKnown);
			}
			else if (isShipped(name, bundleIndex)) {
				out.writeByte(ClassEntries.SHIPPED);
				out.writeVarInt(bundleIndex.get(name.elementName()));
			}
			else {
				out.writeByte(ClassEntries.NAMED);
				packages.writeName(out, name);
			}
		}
	}

	/**
	 * Whether a class's element is the class a bundle entry ships (also when the class
	 * was entered by reference before a later class shipped it with its closure).
	 */
	private boolean isShipped(CompactName name, Map<String, Integer> bundleIndex) {
		if (bundleIndex == null || name.jdk) {
			return false;
		}
		ShippableClass shippable = this.bundle.get(name.elementName());
		return shippable != null && shippable.type() == name.element;
	}

	/**
	 * The payload's package table as the writer builds it: a package gets the next index
	 * where it is first written, with its name inline.
	 */
	private static final class WritePackages {

		private String[] names = new String[4];

		private int count;

		/**
		 * Writes {@code name}'s package reference (defining it if new) and simple name.
		 */
		void writeName(ByteSink out, CompactName name) {
			int index = indexOf(name.packageName);
			if (index < 0) {
				out.writeVarInt(this.count);
				out.writeBlob(name.packageUtf8);
				if (this.count == this.names.length) {
					this.names = Arrays.copyOf(this.names, this.count * 2);
				}
				this.names[this.count++] = name.packageName;
			}
			else {
				out.writeVarInt(index);
			}
			out.writeBlob(name.simpleUtf8);
		}

		private int indexOf(String packageName) {
			for (int i = 0; i < this.count; i++) {
				if (this.names[i] == packageName) {
					return i;
				}
			}
			return -1;
		}

	}

}
