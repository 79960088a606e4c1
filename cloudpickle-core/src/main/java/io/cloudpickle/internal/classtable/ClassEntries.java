package io.cloudpickle.internal.classtable;

/**
 * The kinds of entry of the class index space (docs/FORMAT.md §4.3), shared by both
 * directions: the first byte of an entry is one of these kinds or a well-known id.
 */
final class ClassEntries {

	/** A class by its name: a package of the payload's table and a simple name. */
	static final int NAMED = 0x00;

	/** The class of a bundle entry, by its index in the bundle. */
	static final int SHIPPED = 0x01;

	/** An array class: dimensions, then its element as an entry of another kind. */
	static final int ARRAY = 0x02;

	/** Most dimensions of an array class (the JVM's own limit). */
	static final int MAX_DIMENSIONS = 255;

	/** Most UTF-8 bytes of a package name or of a simple name. */
	static final int MAX_NAME_BYTES = 65_535;

	private ClassEntries() {
	}

}
