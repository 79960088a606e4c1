package io.cloudpickle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import io.cloudpickle.internal.classtable.BundleNameReader;
import io.cloudpickle.internal.envelope.Envelope;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;
import io.cloudpickle.security.SignedPayloads;

/**
 * The shipped classes of a payload, read without loading anything: for a receiver that
 * accepts payloads but has them loaded by another process (a worker), and so keeps the
 * class files it was sent in a store of its own instead of a {@link ClassSpace}.
 *
 * <p>
 * A payload made with {@link Pickler#dumpsFor} names the classes its peer confirmed by
 * SHA-256 only. Such a receiver {@linkplain #expand expands} it before handing it on:
 * each class named by hash gets its class file back from the store, and the result is the
 * payload the sender would have made without {@code dumpsFor}, so the process that loads
 * it applies every gate (class filter, bytecode checks, hash, limits) exactly as if the
 * bytes had been sent. A class the store lacks makes {@link #expand} throw a
 * {@link ClassesMissingException} listing every one of them, and the sender sends again
 * with their bytes.
 *
 * <p>
 * Signatures: verify the payload as it arrived ({@link Pickler#verify}) before reading it
 * here; this class checks no signature. A signed payload that names a class by hash signs
 * that class's SHA-256, so it commits to exactly one class file: the expanded payload
 * carries that file, whose hash the loader checks again. The expanded payload is a new
 * payload that nobody signed: it goes out unsigned (the signature block is dropped and
 * the header's signed flag cleared), for a loader that trusts whoever verified it.
 *
 * <p>
 * Reading checks what can be checked without the class files' contents: the payload size,
 * the header, the count of shipped classes and their total size against
 * {@link PickleLimits}, printable names, and each carried class file against its SHA-256.
 * Immutable once read; {@link #expand} may be called from any thread.
 */
public final class PayloadClasses {

	private static final int SHA256_BYTES = 32;

	/**
	 * The least bytes of a bundle entry: a package index, a one-byte simple name with its
	 * length, the digest and a blob length.
	 */
	private static final int MIN_ENTRY_BYTES = SHA256_BYTES + 3;

	/** The header's flags byte follows the magic and the format version. */
	private static final int FLAGS_OFFSET = 5;

	private final byte[] payload;

	private final int headerEnd;

	private final int bundleEnd;

	private final int bodyEnd;

	private final String keyId;

	private final List<Entry> entries;

	private final List<ClassFile> carried;

	private final List<ClassesMissingException.MissingClass> namedByHash;

	private PayloadClasses(byte[] payload, int headerEnd, int bundleEnd, int bodyEnd, String keyId,
			List<Entry> entries) {
		this.payload = payload;
		this.headerEnd = headerEnd;
		this.bundleEnd = bundleEnd;
		this.bodyEnd = bodyEnd;
		this.keyId = keyId;
		this.entries = List.copyOf(entries);
		List<ClassFile> carried = new ArrayList<>();
		List<ClassesMissingException.MissingClass> byHash = new ArrayList<>();
		for (Entry entry : entries) {
			if (entry.bytes.length > 0) {
				carried.add(new ClassFile(entry.name, entry.sha256, entry.bytes));
			}
			else {
				byHash.add(new ClassesMissingException.MissingClass(entry.name, entry.sha256));
			}
		}
		this.carried = List.copyOf(carried);
		this.namedByHash = List.copyOf(byHash);
	}

	/**
	 * Reads the shipped classes of {@code payload}.
	 * @param limits the receiver's limits: payload size, classes and class bytes
	 * @throws PickleException if the payload is not a cloudpickle payload, is corrupt (a
	 * carried class file does not match its SHA-256), or exceeds a limit
	 */
	public static PayloadClasses read(byte[] payload, PickleLimits limits) {
		Objects.requireNonNull(payload, "payload");
		Objects.requireNonNull(limits, "limits");
		if (payload.length > limits.maxPayloadBytes()) {
			throw new PickleLimitException(PickleLimit.MAX_PAYLOAD_BYTES, "payload of " + payload.length
					+ " bytes exceeds the limit maxPayloadBytes=" + limits.maxPayloadBytes());
		}
		try {
			ByteSource headerOnly = new ByteSource(payload);
			Envelope.Header header = Envelope.peekHeader(headerOnly);
			int headerEnd = headerOnly.position();
			int bodyEnd = SignedPayloads.check(payload, header.signed(), headerEnd, SignedPayloads.Policy.TRUSTED);
			String keyId = header.signed() ? SignedPayloads.keyId(payload, headerEnd) : null;
			ByteSource in = new ByteSource(payload, headerEnd, bodyEnd - headerEnd);
			List<Entry> entries = readBundle(in, limits);
			return new PayloadClasses(payload, headerEnd, in.position(), bodyEnd, keyId, entries);
		}
		catch (PickleException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new PickleException("cannot read payload: " + ex, ex);
		}
	}

	private static List<Entry> readBundle(ByteSource in, PickleLimits limits) {
		int count = in.readVarInt();
		if (count > limits.maxClasses()) {
			throw new PickleLimitException(PickleLimit.MAX_CLASSES,
					"payload ships " + count + " classes, over the limit maxClasses=" + limits.maxClasses());
		}
		in.requireAvailable(count, MIN_ENTRY_BYTES, "class bundle");
		List<Entry> entries = new ArrayList<>(count);
		BundleNameReader names = new BundleNameReader();
		long classBytes = 0;
		for (int i = 0; i < count; i++) {
			int start = in.position();
			// Copied as they are into an expanded payload: the package table stays
			// intact.
			String name = names.readName(in);
			byte[] sha = in.readBytes(SHA256_BYTES);
			int headEnd = in.position();
			byte[] bytes = in.readBlob((int) Math.min(Integer.MAX_VALUE, limits.maxClassBytes()), "class file " + name,
					PickleLimit.MAX_CLASS_BYTES);
			classBytes += bytes.length;
			if (classBytes > limits.maxClassBytes()) {
				throw new PickleLimitException(PickleLimit.MAX_CLASS_BYTES, "payload ships more than "
						+ limits.maxClassBytes() + " bytes of classes, over the limit maxClassBytes");
			}
			if (bytes.length > 0 && !Arrays.equals(io.cloudpickle.internal.scan.ClassFile.sha256(bytes), sha)) {
				throw new PickleException(
						"payload is corrupt: the bytes of shipped class " + name + " do not match their SHA-256");
			}
			entries.add(new Entry(start, headEnd, name, HexFormat.of().formatHex(sha), bytes));
		}
		return entries;
	}

	/**
	 * The classes whose class files the payload carries, in bundle order (their hashes
	 * verified).
	 */
	public List<ClassFile> carried() {
		return this.carried;
	}

	/** The classes the payload names by SHA-256 only, in bundle order. */
	public List<ClassesMissingException.MissingClass> namedByHash() {
		return this.namedByHash;
	}

	/**
	 * The key id the payload's signature block names, or null if it is unsigned. Read,
	 * not verified: meaningful once the payload was verified.
	 */
	public String keyId() {
		return this.keyId;
	}

	/**
	 * The payload with every class named by hash given its class file from {@code held};
	 * the payload itself (signed as it came) if it names none.
	 * @param held the receiver's store: the class file of a class, or null if it does not
	 * hold it
	 * @throws ClassesMissingException listing every class {@code held} lacks (or answers
	 * with bytes that do not match the hash); nothing is expanded then
	 */
	public byte[] expand(HeldClassFiles held) {
		Objects.requireNonNull(held, "held");
		if (this.namedByHash.isEmpty()) {
			return this.payload;
		}
		List<byte[]> files = new ArrayList<>(this.entries.size());
		List<ClassesMissingException.MissingClass> missing = new ArrayList<>();
		long added = 0;
		for (Entry entry : this.entries) {
			byte[] bytes = entry.bytes;
			if (bytes.length == 0) {
				bytes = held.classFile(entry.name, entry.sha256);
				if (bytes == null || bytes.length == 0 || !entry.sha256.equals(sha256Hex(bytes))) {
					missing.add(new ClassesMissingException.MissingClass(entry.name, entry.sha256));
					continue;
				}
				added += bytes.length;
			}
			files.add(bytes);
		}
		if (!missing.isEmpty()) {
			throw new ClassesMissingException(missing);
		}
		ByteSink out = new ByteSink((int) Math.min(Integer.MAX_VALUE - 16, this.bodyEnd + added + 16));
		out.writeBytes(this.payload, 0, this.headerEnd);
		out.array()[FLAGS_OFFSET] &= (byte) ~SignedPayloads.FLAG_SIGNED;
		// the entry count, as it came
		out.writeBytes(this.payload, this.headerEnd, this.entries.get(0).start - this.headerEnd);
		for (int i = 0; i < this.entries.size(); i++) {
			Entry entry = this.entries.get(i);
			out.writeBytes(this.payload, entry.start, entry.headEnd - entry.start);
			out.writeBlob(files.get(i));
		}
		out.writeBytes(this.payload, this.bundleEnd, this.bodyEnd - this.bundleEnd);
		return out.toByteArray();
	}

	private static String sha256Hex(byte[] bytes) {
		return HexFormat.of().formatHex(io.cloudpickle.internal.scan.ClassFile.sha256(bytes));
	}

	/**
	 * Where {@link #expand} finds the class files of classes named by hash.
	 */
	@FunctionalInterface
	public interface HeldClassFiles {

		/**
		 * The class file of {@code name} whose SHA-256 is {@code sha256} (lower-case
		 * hex), or null if not held.
		 */
		byte[] classFile(String name, String sha256);

	}

	/**
	 * A class file a payload carries.
	 *
	 * @param name binary name
	 * @param sha256 SHA-256 of {@code bytes}, lower-case hex (verified)
	 * @param bytes the class file
	 */
	public record ClassFile(String name, String sha256, byte[] bytes) {

		@Override
		public String toString() {
			return this.name + "@" + this.sha256.substring(0, 12) + " (" + this.bytes.length + " bytes)";
		}

	}

	/** One bundle entry: where its name and hash lie in the payload, and its bytes. */
	private record Entry(int start, int headEnd, String name, String sha256, byte[] bytes) {
	}

}
