package io.cloudpickle.internal.classtable;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSource;
import io.cloudpickle.internal.io.PrintableNames;

/**
 * The payload's package table as the reader meets it, and the class names built on it
 * (docs/FORMAT.md §4.2): a name is a package index, the package's own name inline where
 * it is first used, and a simple name. Packages are kept as offsets into the payload and
 * decoded only when a name is not already known to the pickler.
 */
final class ReadPackages {

	private static final int NO_HASH = 0;

	/** Where each package's name lies in the payload; allocated for the first package. */
	private int[] offsets;

	private int[] lengths;

	private int[] hashes;

	private String[] decoded;

	private int count;

	/** Reads a class name and returns it as a checked string (for bundle entries). */
	String readName(ByteSource in, String what) {
		int index = readPackage(in);
		int length = readLength(in, "simple class name");
		int offset = in.take(length);
		byte[] buf = in.array();
		return fullName(index, buf, simpleName(buf, offset, length, what));
	}

	/**
	 * Reads a class name and returns the pickler's cached entry for it, made (and
	 * checked) if the pickler has not met these bytes before.
	 */
	ResolvedNames.Name readReference(ByteSource in, ResolvedNames.Table names) {
		return readReference(in, names, "simple class name");
	}

	/**
	 * As {@link #readReference(ByteSource, ResolvedNames.Table)}, naming the name
	 * {@code what} in a refusal.
	 */
	ResolvedNames.Name readReference(ByteSource in, ResolvedNames.Table names, String what) {
		int index = readPackage(in);
		int length = readLength(in, "simple class name");
		int offset = in.take(length);
		byte[] buf = in.array();
		int hash = this.hashes[index] * 0x9E3779B1 + hash(buf, offset, length);
		int packageOffset = this.offsets[index];
		int packageLength = this.lengths[index];
		ResolvedNames.Name known = names.find(hash, buf, packageOffset, packageLength, offset, length);
		if (known != null) {
			return known;
		}
		String name = fullName(index, buf, simpleName(buf, offset, length, what));
		byte[] utf8 = new byte[packageLength + ((packageLength > 0) ? 1 : 0) + length];
		System.arraycopy(buf, packageOffset, utf8, 0, packageLength);
		if (packageLength > 0) {
			utf8[packageLength] = '.';
		}
		System.arraycopy(buf, offset, utf8, utf8.length - length, length);
		ResolvedNames.Name made = new ResolvedNames.Name(utf8, packageLength, hash, name);
		names.remember(made);
		return made;
	}

	/**
	 * Reads a package index, and the package's name if the index is the next free one.
	 * @return the index
	 */
	private int readPackage(ByteSource in) {
		int index = in.readVarInt();
		if (index < this.count) {
			return index;
		}
		if (index > this.count) {
			throw new PickleException("payload is corrupt: a class name refers to package " + index + " but only "
					+ this.count + " packages are defined so far");
		}
		int length = readLength(in, "package name");
		int offset = in.take(length);
		byte[] buf = in.array();
		if (!isPlainAscii(buf, offset, length)) {
			// Not the common case: check the decoded name (and keep it).
			String name = new String(buf, offset, length, StandardCharsets.UTF_8);
			PrintableNames.require(name, "package name");
			if (!isValidPackage(name)) {
				throw new PickleException("payload is corrupt: package " + index + " has a malformed name");
			}
		}
		else if (!isValidPackage(buf, offset, length)) {
			throw new PickleException("payload is corrupt: package " + index + " has a malformed name");
		}
		if (this.offsets == null) {
			this.offsets = new int[4];
			this.lengths = new int[4];
			this.hashes = new int[4];
			this.decoded = new String[4];
		}
		else if (this.count == this.offsets.length) {
			int grown = this.count * 2;
			this.offsets = Arrays.copyOf(this.offsets, grown);
			this.lengths = Arrays.copyOf(this.lengths, grown);
			this.hashes = Arrays.copyOf(this.hashes, grown);
			this.decoded = Arrays.copyOf(this.decoded, grown);
		}
		this.offsets[index] = offset;
		this.lengths[index] = length;
		this.hashes[index] = (length == 0) ? NO_HASH : hash(buf, offset, length);
		this.count = index + 1;
		return index;
	}

	private static int readLength(ByteSource in, String what) {
		int length = in.readVarInt();
		if (length > ClassEntries.MAX_NAME_BYTES) {
			throw new PickleException("payload is corrupt: a " + what + " of " + length + " bytes exceeds the limit of "
					+ ClassEntries.MAX_NAME_BYTES);
		}
		return length;
	}

	private String fullName(int index, byte[] buf, String simple) {
		if (this.lengths[index] == 0) {
			return simple;
		}
		String pkg = this.decoded[index];
		if (pkg == null) {
			pkg = new String(buf, this.offsets[index], this.lengths[index], StandardCharsets.UTF_8);
			this.decoded[index] = pkg;
		}
		return pkg + "." + simple;
	}

	private static String simpleName(byte[] buf, int offset, int length, String what) {
		String simple = new String(buf, offset, length, StandardCharsets.UTF_8);
		PrintableNames.require(simple, what);
		if (simple.isEmpty() || simple.indexOf('.') >= 0 || simple.indexOf('[') >= 0 || simple.indexOf(';') >= 0
				|| simple.indexOf('/') >= 0) {
			throw new PickleException(
					"payload is corrupt: a " + what + " of " + simple.length() + " chars is not a simple binary name");
		}
		return simple;
	}

	private static boolean isPlainAscii(byte[] buf, int offset, int length) {
		for (int i = offset; i < offset + length; i++) {
			if (buf[i] < 0x20 || buf[i] == 0x7F) {
				return false;
			}
		}
		return true;
	}

	/** Dot-separated, non-empty segments, none of the characters array names use. */
	private static boolean isValidPackage(byte[] buf, int offset, int length) {
		if (length > 0 && (buf[offset] == '.' || buf[offset + length - 1] == '.')) {
			return false;
		}
		for (int i = offset; i < offset + length; i++) {
			byte b = buf[i];
			if (b == '[' || b == ';' || b == '/' || (b == '.' && i > offset && buf[i - 1] == '.')) {
				return false;
			}
		}
		return true;
	}

	private static boolean isValidPackage(String name) {
		byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
		return isValidPackage(utf8, 0, utf8.length);
	}

	private static int hash(byte[] buf, int offset, int length) {
		int h = 1;
		for (int i = offset; i < offset + length; i++) {
			h = 31 * h + buf[i];
		}
		return h;
	}

}
