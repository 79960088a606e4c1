package io.cloudpickle.internal.envelope;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;
import io.cloudpickle.internal.scan.ClassFile;

/**
 * The payload header: magic, format version, flags, the sender's Java feature version and
 * the highest class file version shipped. A receiver that cannot run the shipped class
 * files fails here, before anything is defined.
 */
public final class Envelope {

	private static final byte[] MAGIC = { 'C', 'P', 'K', 'L' };

	public static final int FORMAT_VERSION = 2;

	private Envelope() {
	}

	/** What a header says. */
	public record Header(int formatVersion, int flags, int senderFeature, int maxClassMajor) {

		/** Whether the payload ends with a signature block. */
		public boolean signed() {
			return (this.flags & FLAG_SIGNED) != 0;
		}

	}

	/**
	 * Flags this reader understands: bit 0, the payload ends with a signature block
	 * (docs/SECURITY.md).
	 */
	/** Header flag: an authentication trailer follows the payload. */
	public static final int FLAG_SIGNED = 0x01;

	public static final int KNOWN_FLAGS = FLAG_SIGNED;

	public static void writeHeader(ByteSink out, int maxClassMajor) {
		writeHeader(out, maxClassMajor, 0);
	}

	public static void writeHeader(ByteSink out, int maxClassMajor, int flags) {
		out.writeBytes(MAGIC);
		out.writeByte(FORMAT_VERSION);
		out.writeByte(flags);
		out.writeVarInt(Runtime.version().feature());
		out.writeVarInt(maxClassMajor);
	}

	/** Reads the header and checks that this JVM can run what the payload ships. */
	public static Header readHeader(ByteSource in) {
		Header header = peekHeader(in);
		checkRunnable(header);
		return header;
	}

	/** Checks that this JVM can run the class files the header announces. */
	public static void checkRunnable(Header header) {
		int maxMajor = header.maxClassMajor();
		int senderFeature = header.senderFeature();
		int supported = ClassFile.supportedMajorVersion();
		if (maxMajor > supported) {
			throw new PickleException(
					"payload ships class files of version " + maxMajor + " (Java " + ClassFile.javaVersionOf(maxMajor)
							+ ") from a Java " + senderFeature + " sender, but this JVM is Java "
							+ Runtime.version().feature() + " and runs class files up to version " + supported
							+ " (Java " + ClassFile.javaVersionOf(supported) + "); run the receiver on Java "
							+ ClassFile.javaVersionOf(maxMajor) + " or newer, or compile the shipped classes for Java "
							+ Runtime.version().feature());
		}
	}

	/** Reads the header without judging whether this JVM can run the payload. */
	public static Header peekHeader(ByteSource in) {
		if (in.remaining() < MAGIC.length + 2) {
			throw new PickleException("not a cloudpickle payload: only " + in.remaining() + " bytes");
		}
		for (byte b : MAGIC) {
			if (in.readByte() != b) {
				throw new PickleException("not a cloudpickle payload: bad magic bytes");
			}
		}
		int version = in.readUnsignedByte();
		if (version != FORMAT_VERSION) {
			throw new PickleException("payload has format version " + version + "; this reader supports version "
					+ FORMAT_VERSION + " (payloads are for processes running the same cloudpickle version)");
		}
		int flags = in.readUnsignedByte();
		if ((flags & ~KNOWN_FLAGS) != 0) {
			throw new PickleException(
					"payload uses flags 0x" + Integer.toHexString(flags) + " that this reader does not support");
		}
		int senderFeature = in.readVarInt();
		int maxMajor = in.readVarInt();
		return new Header(version, flags, senderFeature, maxMajor);
	}

}
