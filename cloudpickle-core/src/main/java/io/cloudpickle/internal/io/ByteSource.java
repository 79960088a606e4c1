package io.cloudpickle.internal.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;

/**
 * Bounds-checked little-endian reader over a byte range; running past the end is a
 * {@link PickleException}.
 */
public final class ByteSource {

	private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private final byte[] buf;

	private int pos;

	private final int limit;

	public ByteSource(byte[] buf, int offset, int length) {
		this.buf = buf;
		this.pos = offset;
		this.limit = offset + length;
	}

	public ByteSource(byte[] buf) {
		this(buf, 0, buf.length);
	}

	public byte[] array() {
		return this.buf;
	}

	public int position() {
		return this.pos;
	}

	public int remaining() {
		return this.limit - this.pos;
	}

	public boolean hasRemaining() {
		return this.pos < this.limit;
	}

	/** Consumes {@code n} bytes and returns the offset where they start. */
	public int take(int n) {
		if (n < 0 || this.limit - this.pos < n) {
			throw truncated(n);
		}
		int p = this.pos;
		this.pos = p + n;
		return p;
	}

	private PickleException truncated(long n) {
		return new PickleException("payload is truncated or corrupt: needs " + n + " more byte(s) at offset " + this.pos
				+ " but only " + remaining() + " remain");
	}

	/**
	 * Checks that {@code count} items of at least {@code minBytesEach} bytes could still
	 * follow, so a corrupt length can never trigger a huge allocation.
	 */
	public void requireAvailable(long count, int minBytesEach, String what) {
		if (count < 0 || count * minBytesEach > remaining()) {
			throw new PickleException("payload is truncated or corrupt: " + what + " claims " + count
					+ " element(s) but only " + remaining() + " byte(s) remain");
		}
	}

	public int readByte() {
		if (this.pos >= this.limit) {
			throw truncated(1);
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
		return (short) SHORT.get(this.buf, take(2));
	}

	public char readChar() {
		return (char) (short) SHORT.get(this.buf, take(2));
	}

	public int readInt() {
		return (int) INT.get(this.buf, take(4));
	}

	public long readLong() {
		return (long) LONG.get(this.buf, take(8));
	}

	public float readFloat() {
		return Float.intBitsToFloat((int) INT.get(this.buf, take(4)));
	}

	public double readDouble() {
		return Double.longBitsToDouble((long) LONG.get(this.buf, take(8)));
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
