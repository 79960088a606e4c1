package io.cloudpickle.internal.io;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.cloudpickle.PickleException;

/**
 * A growable little-endian byte buffer with varints; the writer's only output primitive.
 */
public final class ByteSink {

	private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private byte[] buf;

	private int pos;

	public ByteSink(int initialCapacity) {
		this.buf = new byte[Math.max(16, initialCapacity)];
	}

	public int position() {
		return this.pos;
	}

	public byte[] array() {
		return this.buf;
	}

	public byte[] toByteArray() {
		return Arrays.copyOf(this.buf, this.pos);
	}

	public void reset() {
		this.pos = 0;
	}

	/** Makes room for {@code n} more bytes and returns the offset to write them at. */
	public int reserve(int n) {
		int p = this.pos;
		if (this.buf.length - p < n) {
			grow(n);
		}
		this.pos = p + n;
		return p;
	}

	private void grow(int n) {
		long needed = (long) this.pos + n;
		if (needed > Integer.MAX_VALUE - 16) {
			throw new IllegalStateException("payload would exceed 2 GiB");
		}
		int cap = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, this.buf.length * 2L));
		this.buf = Arrays.copyOf(this.buf, cap);
	}

	public void writeByte(int v) {
		if (this.pos == this.buf.length) {
			grow(1);
		}
		this.buf[this.pos++] = (byte) v;
	}

	public void writeBoolean(boolean v) {
		writeByte(v ? 1 : 0);
	}

	public void writeShort(int v) {
		int p = reserve(2);
		SHORT.set(this.buf, p, (short) v);
	}

	public void writeChar(char v) {
		int p = reserve(2);
		SHORT.set(this.buf, p, (short) v);
	}

	public void writeInt(int v) {
		int p = reserve(4);
		INT.set(this.buf, p, v);
	}

	public void writeLong(long v) {
		int p = reserve(8);
		LONG.set(this.buf, p, v);
	}

	public void writeFloat(float v) {
		int p = reserve(4);
		INT.set(this.buf, p, Float.floatToRawIntBits(v));
	}

	public void writeDouble(double v) {
		int p = reserve(8);
		LONG.set(this.buf, p, Double.doubleToRawLongBits(v));
	}

	/** Unsigned LEB128; {@code v} must be non-negative. */
	public void writeVarInt(int v) {
		if (this.buf.length - this.pos < 5) {
			// near the end: no room taken beyond the varint's own bytes, so a buffer
			// sized
			// to its payload is not grown for its last varint
			writeVarLong(v & 0xFFFFFFFFL);
			return;
		}
		byte[] b = this.buf;
		int p = this.pos;
		while ((v & ~0x7F) != 0) {
			b[p++] = (byte) ((v & 0x7F) | 0x80);
			v >>>= 7;
		}
		b[p++] = (byte) v;
		this.pos = p;
	}

	public void writeVarLong(long v) {
		while ((v & ~0x7FL) != 0) {
			writeByte((int) ((v & 0x7F) | 0x80));
			v >>>= 7;
		}
		writeByte((int) v);
	}

	/** Zig-zag varint, for signed values that are usually small. */
	public void writeZigZag(int v) {
		writeVarInt((v << 1) ^ (v >> 31));
	}

	public void writeZigZag(long v) {
		writeVarLong((v << 1) ^ (v >> 63));
	}

	public void writeBytes(byte[] src, int off, int len) {
		int p = reserve(len);
		System.arraycopy(src, off, this.buf, p, len);
	}

	public void writeBytes(byte[] src) {
		writeBytes(src, 0, src.length);
	}

	/** Length-prefixed bytes. */
	public void writeBlob(byte[] src) {
		writeVarInt(src.length);
		writeBytes(src);
	}

	/**
	 * Writes a string as a varint header then its chars: header = length &lt;&lt; 1 |
	 * latin1 flag; latin-1 strings take one byte a char, others UTF-16 code units (so
	 * lone surrogates survive exactly).
	 */
	public void writeString(String s) {
		int n = s.length();
		if (n > (Integer.MAX_VALUE >> 1)) {
			throw new PickleException("string of " + n + " chars is too long to pickle (limit 2^30)");
		}
		boolean latin1 = true;
		for (int i = 0; i < n; i++) {
			if (s.charAt(i) > 0xFF) {
				latin1 = false;
				break;
			}
		}
		if (latin1) {
			writeVarInt(n << 1 | 1);
			int p = reserve(n);
			// deprecated but exact for latin-1 and the fastest copy
			s.getBytes(0, n, this.buf, p);
		}
		else {
			writeVarInt(n << 1);
			int p = reserve(n * 2);
			for (int i = 0; i < n; i++) {
				SHORT.set(this.buf, p + 2 * i, (short) s.charAt(i));
			}
		}
	}

	public void writeUtf8(String s) {
		writeBlob(s.getBytes(StandardCharsets.UTF_8));
	}

}
