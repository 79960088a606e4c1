package io.cloudpickle.internal.classtable;

import io.cloudpickle.internal.io.ByteSource;

/**
 * Reads the class names of a payload's bundle entries in order, with the payload's
 * package table (docs/FORMAT.md §4.2), for readers of a bundle that load nothing
 * ({@link io.cloudpickle.PayloadClasses}). One per payload.
 */
public final class BundleNameReader {

	private final ReadPackages packages = new ReadPackages();

	/**
	 * Reads the next bundle entry's class name, checked as the loading reader checks it.
	 */
	public String readName(ByteSource in) {
		return this.packages.readName(in, "shipped class name");
	}

}
