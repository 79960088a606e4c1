package io.cloudpickle.internal.codec;

import java.util.Arrays;

/**
 * The writer's object ids by identity: an open-addressing table (linear probing, keys
 * compared with {@code ==}) from object to int, without the boxed values and entry
 * objects of an {@code IdentityHashMap<Object, Integer>}. Never shrinks; the writer drops
 * a table that grew large rather than clearing it.
 */
final class IdentityIds {

	/** What {@link #get} returns for an object without an id. */
	static final int NONE = -1;

	private static final int INITIAL_CAPACITY = 64;

	private Object[] keys;

	private int[] ids;

	private int size;

	/** 32 minus log2 of the capacity: how far a spread hash shifts to index the table. */
	private int shift;

	IdentityIds() {
		this.keys = new Object[INITIAL_CAPACITY];
		this.ids = new int[INITIAL_CAPACITY];
		this.shift = Integer.numberOfLeadingZeros(INITIAL_CAPACITY) + 1;
	}

	/** The id of {@code key}, or {@link #NONE}. */
	int get(Object key) {
		Object[] table = this.keys;
		int mask = table.length - 1;
		for (int i = slot(key);; i = (i + 1) & mask) {
			Object found = table[i];
			if (found == key) {
				return this.ids[i];
			}
			if (found == null) {
				return NONE;
			}
		}
	}

	/** Gives {@code key} the id {@code id}, replacing any id it had. */
	void put(Object key, int id) {
		Object[] table = this.keys;
		int mask = table.length - 1;
		int i = slot(key);
		while (table[i] != null) {
			if (table[i] == key) {
				this.ids[i] = id;
				return;
			}
			i = (i + 1) & mask;
		}
		table[i] = key;
		this.ids[i] = id;
		// at most half full, so probes stay short and a free slot always exists
		if (++this.size > table.length >>> 1) {
			grow();
		}
	}

	int size() {
		return this.size;
	}

	/** Forgets every id, keeping the capacity. */
	void clear() {
		if (this.size > 0) {
			Arrays.fill(this.keys, null);
			this.size = 0;
		}
	}

	private void grow() {
		Object[] oldKeys = this.keys;
		int[] oldIds = this.ids;
		this.keys = new Object[oldKeys.length * 2];
		this.ids = new int[oldKeys.length * 2];
		this.shift--;
		int mask = this.keys.length - 1;
		for (int j = 0; j < oldKeys.length; j++) {
			Object key = oldKeys[j];
			if (key != null) {
				int i = slot(key);
				while (this.keys[i] != null) {
					i = (i + 1) & mask;
				}
				this.keys[i] = key;
				this.ids[i] = oldIds[j];
			}
		}
	}

	private int slot(Object key) {
		// identity hashes are not uniform in their low bits: Fibonacci hashing takes the
		// table index from the high bits of the product
		return (System.identityHashCode(key) * 0x9E3779B9) >>> this.shift;
	}

}
