package io.cloudpickle.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cloudpickle.internal.envelope.Envelope;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;
import io.cloudpickle.internal.scan.ClassFile;

/**
 * Payloads a sender would not write, made by editing the class bundle of real ones
 * (docs/FORMAT.md §4: header, then the count of shipped classes and each as name,
 * SHA-256, class file; a name is a package index, the package's name where it is first
 * used, and a simple name): so that a receiver's own checks can be tested when the sender
 * already refuses the graph.
 */
public final class ShippedBundle {

	/**
	 * One shipped class: where its entry lies in the payload (its SHA-256 starts at
	 * {@code nameEnd}), and its class file.
	 */
	public record Entry(String name, String packageName, byte[] classFile, int start, int nameEnd, int end) {
	}

	private final byte[] payload;

	private final int headerEnd;

	private final int bundleEnd;

	private final List<Entry> entries = new ArrayList<>();

	/** The packages the bundle defines, in index order. */
	private final List<String> packages = new ArrayList<>();

	private ShippedBundle(byte[] payload) {
		this.payload = payload;
		ByteSource in = new ByteSource(payload);
		Envelope.peekHeader(in);
		this.headerEnd = in.position();
		int count = in.readVarInt();
		for (int i = 0; i < count; i++) {
			int start = in.position();
			int pkg = in.readVarInt();
			if (pkg == this.packages.size()) {
				this.packages.add(in.readUtf8(1 << 16));
			}
			String packageName = this.packages.get(pkg);
			String simple = in.readUtf8(1 << 16);
			String name = packageName.isEmpty() ? simple : packageName + "." + simple;
			int nameEnd = in.position();
			in.readBytes(32);
			byte[] classFile = in.readBlob(Integer.MAX_VALUE - 16, "class file");
			this.entries.add(new Entry(name, packageName, classFile, start, nameEnd, in.position()));
		}
		this.bundleEnd = in.position();
	}

	public static ShippedBundle of(byte[] payload) {
		return new ShippedBundle(payload);
	}

	public List<Entry> entries() {
		return this.entries;
	}

	/**
	 * The payload with the shipped classes of {@code other} appended to its bundle, their
	 * names written against this payload's package table; their packages must be among
	 * those this bundle defines (a new one would renumber the packages the class entries
	 * define).
	 */
	public byte[] withClassesOf(byte[] other) {
		ShippedBundle added = of(other);
		ByteSink out = new ByteSink(this.payload.length + other.length);
		out.writeBytes(Arrays.copyOfRange(this.payload, 0, this.headerEnd));
		out.writeVarInt(this.entries.size() + added.entries.size());
		out.writeBytes(Arrays.copyOfRange(this.payload, this.entries.get(0).start(), this.bundleEnd));
		for (Entry entry : added.entries) {
			int pkg = this.packages.indexOf(entry.packageName());
			if (pkg < 0) {
				throw new IllegalArgumentException("package " + entry.packageName() + " is not in the bundle");
			}
			out.writeVarInt(pkg);
			String simple = entry.packageName().isEmpty() ? entry.name()
					: entry.name().substring(entry.packageName().length() + 1);
			out.writeUtf8(simple);
			out.writeBytes(Arrays.copyOfRange(other, entry.nameEnd(), entry.end()));
		}
		out.writeBytes(Arrays.copyOfRange(this.payload, this.bundleEnd, this.payload.length));
		return out.toByteArray();
	}

	/**
	 * The payload with its only shipped class file given major version {@code major} (its
	 * SHA-256 recomputed, so the entry is consistent), and the header announcing
	 * {@code announced} as the highest class file version.
	 */
	public byte[] withClassFileVersion(int major, int announced) {
		if (this.entries.size() != 1 || major > 127 || announced > 127) {
			throw new IllegalArgumentException("one shipped class and one-byte versions only");
		}
		Entry entry = this.entries.get(0);
		byte[] classFile = entry.classFile().clone();
		classFile[6] = 0;
		classFile[7] = (byte) major;
		byte[] out = this.payload.clone();
		// the header ends with the highest class file version, a one-byte varint here
		out[this.headerEnd - 1] = (byte) announced;
		int sha = entry.end() - classFile.length - varIntSize(classFile.length) - 32;
		System.arraycopy(ClassFile.sha256(classFile), 0, out, sha, 32);
		System.arraycopy(classFile, 0, out, entry.end() - classFile.length, classFile.length);
		return out;
	}

	private static int varIntSize(int value) {
		int size = 1;
		while ((value >>>= 7) != 0) {
			size++;
		}
		return size;
	}

}
