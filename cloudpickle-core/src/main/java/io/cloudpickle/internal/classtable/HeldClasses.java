package io.cloudpickle.internal.classtable;

import java.util.HexFormat;
import java.util.List;

import io.cloudpickle.ClassesMissingException;

/**
 * Resolves classes a payload names by hash only against what the receiver's class space
 * holds, collecting those it lacks so that one {@link ClassesMissingException} lists them
 * all.
 */
final class HeldClasses {

	private HeldClasses() {
	}

	/** The held class file, or null after adding the class to {@code missing}. */
	static byte[] lookUp(BundleLoaders space, String name, byte[] sha256,
			List<ClassesMissingException.MissingClass> missing) {
		byte[] bytes = space.heldBytes(name, sha256);
		if (bytes == null) {
			missing.add(new ClassesMissingException.MissingClass(name, HexFormat.of().formatHex(sha256)));
		}
		return bytes;
	}

}
