package io.cloudpickle.internal.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;

/**
 * Bounds-checked little-endian reader over a byte range; running past the end is a
 * {@link PickleException}.
 * <p>
 * A source {@linkplain #of(InputStream, long) over a stream} pulls exactly the bytes the
 * parser asks for, when it asks for them: it never reads ahead, so the stream is left
 * right after the last byte parsed. Its bound is the payload size limit: what the payload
 * may still hold rather than what the stream has.
 */
public final class ByteSource {

	private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private byte[] buf;

	private int pos;

	/** The end of the bytes in {@link #buf}. */
	private int limit;

	/** The stream more bytes come from, or null for a fixed range. */
	private final InputStream stream;

	/** The most bytes a stream source may hold in all (the payload size limit). */
	private final long bound;

	public ByteSource(byte[] buf, int offset, int length) {
		this.buf = buf;
		this.pos = offset;
		this.limit = offset + length;
		this.stream = null;
		this.bound = this.limit;
	}

	private ByteSource(InputStream stream, long bound) {
		this.buf = new byte[64];
		this.stream = stream;
		this.bound = Math.min(bound, Integer.MAX_VALUE - 16);
	}

	/**
	 * A source that reads {@code stream} on demand, at most {@code maxBytes} in all.
	 * Offsets count from the first byte read.
	 */
	public static ByteSource of(InputStream stream, long maxBytes) {
		return new ByteSource(stream, maxBytes);
	}

	public ByteSource(byte[] buf) {
		this(buf, 0, buf.length);
	}

	/**
	 * The array the bytes are in; for a stream source it grows as bytes arrive, so take
	 * it after the {@link #take} that made the bytes available.
	 */
	public byte[] array() {
		return this.buf;
	}

	public int position() {
		return this.pos;
	}

	/**
	 * How many more bytes may follow: those left in the range, or for a stream source,
	 * those the size limit still allows.
	 */
	public int remaining() {
		return (int) (this.bound - this.pos);
	}

	/**
	 * Whether bytes are left in the range; a stream source never reads ahead to find out,
	 * so it answers for the bytes it already holds.
	 */
	public boolean hasRemaining() {
		return this.pos < this.limit;
	}

	/** Consumes {@code n} bytes and returns the offset where they start. */
	public int take(int n) {
		if (n < 0 || this.limit - this.pos < n) {
			pull(n);
		}
		int p = this.pos;
		this.pos = p + n;
		return p;
	}

	/**
	 * Makes {@code n} bytes available at {@link #pos}, from the stream if there is one.
	 */
	private void pull(int n) {
		if (n < 0 || this.stream == null) {
			throw truncated(n);
		}
		if (n > remaining()) {
			throw overrun("needs " + n + " more byte(s) at offset " + this.pos);
		}
		int end = this.pos + n;
		if (end > this.buf.length) {
			this.buf = Arrays.copyOf(this.buf, (int) Math.min(this.bound, Math.max(end, 2L * this.buf.length)));
		}
		try {
			int read = this.stream.readNBytes(this.buf, this.limit, end - this.limit);
			this.limit += read;
		}
		catch (IOException ex) {
			throw new PickleException("cannot read the payload: " + ex.getMessage(), ex);
		}
		if (this.limit == 0) {
			throw new PickleException("no payload: the stream is at its end");
		}
		if (this.limit < end) {
			throw new PickleException("payload is truncated: the stream ended after " + this.limit + " byte(s), needs "
					+ (end - this.limit) + " more");
		}
	}

	private PickleException truncated(long n) {
		return new PickleException("payload is truncated or corrupt: needs " + n + " more byte(s) at offset " + this.pos
				+ " but only " + remaining() + " remain");
	}

	/**
	 * The refusal of a claim for more bytes than can follow: for a range, the payload is
	 * cut short or corrupt; for a stream, the claim is over the payload size limit.
	 */
	public PickleException overrun(String claim) {
		if (this.stream == null) {
			return new PickleException(
					"payload is truncated or corrupt: " + claim + " but only " + remaining() + " byte(s) remain");
		}
		return new PickleLimitException(PickleLimit.MAX_PAYLOAD_BYTES,
				"payload exceeds the limit " + PickleLimit.MAX_PAYLOAD_BYTES.limitName() + "=" + this.bound + ": "
						+ claim + " but only " + remaining() + " more byte(s) are allowed");
	}

	/**
	 * Checks that {@code count} items of at least {@code minBytesEach} bytes could still
	 * follow, so a corrupt length can never trigger a huge allocation.
	 */
	public void requireAvailable(long count, int minBytesEach, String what) {
		if (count < 0 || count * minBytesEach > remaining()) {
			throw overrun(what + " claims " + count + " element(s)");
		}
	}

	/**
	 * The bytes of a stream source read so far, then the rest of its stream up to the
	 * size limit; for a payload that is found from its end.
	 */
	public byte[] readAll() {
		if (this.stream != null) {
			try {
				byte[] rest = this.stream.readNBytes((int) (this.bound - this.limit + 1));
				if (this.limit + (long) rest.length > this.bound) {
					throw new PickleLimitException(PickleLimit.MAX_PAYLOAD_BYTES, "payload exceeds the limit "
							+ PickleLimit.MAX_PAYLOAD_BYTES.limitName() + "=" + this.bound);
				}
				this.buf = Arrays.copyOf(this.buf, this.limit + rest.length);
				System.arraycopy(rest, 0, this.buf, this.limit, rest.length);
				this.limit += rest.length;
			}
			catch (IOException ex) {
				throw new PickleException("cannot read the payload: " + ex.getMessage(), ex);
			}
		}
		return Arrays.copyOf(this.buf, this.limit);
	}

	public int readByte() {
		if (this.pos >= this.limit) {
			pull(1);
		}
		return this.buf[this.pos++];
	}

	public int readUnsignedByte() {
		return readByte() & 0xFF;
	}

	public boolean readBoolean() {
		return readByte() != 0;
	}

	public short readShort() {
		int p = take(2);
		return (short) SHORT.get(this.buf, p);
	}

	public char readChar() {
		int p = take(2);
		return (char) (short) SHORT.get(this.buf, p);
	}

	public int readInt() {
		int p = take(4);
		return (int) INT.get(this.buf, p);
	}

	public long readLong() {
		int p = take(8);
		return (long) LONG.get(this.buf, p);
	}

	public float readFloat() {
		int p = take(4);
		return Float.intBitsToFloat((int) INT.get(this.buf, p));
	}

	public double readDouble() {
		int p = take(8);
		return Double.longBitsToDouble((long) LONG.get(this.buf, p));
	}

	public int readVarInt() {
		int result = 0;
		for (int shift = 0; shift < 35; shift += 7) {
			int b = readByte();
			result |= (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				if (result < 0 || !canonicalLast(b, shift, 32)) {
					break; // negative, or not the one encoding of this value
				}
				return result;
			}
		}
		throw new PickleException("payload is corrupt: malformed, overlong or negative varint near offset " + this.pos);
	}

	public long readVarLong() {
		long result = 0;
		for (int shift = 0; shift < 70; shift += 7) {
			int b = readByte();
			result |= (long) (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				if (!canonicalLast(b, shift, 64)) {
					break;
				}
				return result;
			}
		}
		throw new PickleException("payload is corrupt: malformed or overlong varint near offset " + this.pos);
	}

	public int readZigZagInt() {
		int v = readVarIntRaw();
		return (v >>> 1) ^ -(v & 1);
	}

	private int readVarIntRaw() {
		int result = 0;
		for (int shift = 0; shift < 35; shift += 7) {
			int b = readByte();
			result |= (b & 0x7F) << shift;
			if ((b & 0x80) == 0) {
				if (!canonicalLast(b, shift, 32)) {
					break;
				}
				return result;
			}
		}
		throw new PickleException("payload is corrupt: malformed varint near offset " + this.pos);
	}

	/**
	 * Whether {@code last}, the final byte of a varint starting at bit {@code shift},
	 * makes it the one encoding of its value: not a redundant zero byte, and no bits
	 * beyond the {@code width} of the type.
	 */
	private static boolean canonicalLast(int last, int shift, int width) {
		if (last == 0 && shift > 0) {
			return false;
		}
		int room = width - shift;
		return room >= 7 || (last >>> room) == 0;
	}

	public long readZigZagLong() {
		long v = readVarLong();
		return (v >>> 1) ^ -(v & 1);
	}

	public byte[] readBytes(int n) {
		int p = take(n);
		byte[] out = new byte[n];
		System.arraycopy(this.buf, p, out, 0, n);
		return out;
	}

	/**
	 * Reads a length-prefixed byte string of at most {@code maxLength} bytes (a fixed
	 * bound of the format).
	 */
	public byte[] readBlob(int maxLength, String what) {
		return readBlob(maxLength, what, null);
	}

	/**
	 * Reads a length-prefixed byte string of at most {@code maxLength} bytes.
	 * @param limit the limit that sets {@code maxLength}, or null
	 */
	public byte[] readBlob(int maxLength, String what, PickleLimit limit) {
		int n = readVarInt();
		if (n > maxLength) {
			String message = what + " of " + n + " bytes exceeds the limit " + ((limit != null) ? limit + "=" : "of ")
					+ maxLength;
			throw (limit != null) ? new PickleLimitException(limit, message) : new PickleException(message);
		}
		requireAvailable(n, 1, what);
		return readBytes(n);
	}

	public String readString(int maxLength) {
		int header = readVarInt();
		int n = header >>> 1;
		if (n > maxLength) {
			throw new PickleLimitException(PickleLimit.MAX_STRING_LENGTH,
					"string of " + n + " chars exceeds the limit maxStringLength=" + maxLength);
		}
		if ((header & 1) != 0) {
			int p = take(n);
			return new String(this.buf, 0, p, n); // latin-1 (hibyte 0): exact and fast
		}
		int p = take(n * 2);
		char[] chars = new char[n];
		for (int i = 0; i < n; i++) {
			chars[i] = (char) (short) SHORT.get(this.buf, p + 2 * i);
		}
		return new String(chars);
	}

	public String readUtf8(int maxLength) {
		int n = readVarInt();
		if (n > maxLength) {
			throw new PickleException("name of " + n + " bytes exceeds the limit of " + maxLength);
		}
		int p = take(n);
		return new String(this.buf, p, n, StandardCharsets.UTF_8);
	}

}
