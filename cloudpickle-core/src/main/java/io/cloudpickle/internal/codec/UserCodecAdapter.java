package io.cloudpickle.internal.codec;

import java.util.List;

import io.cloudpickle.PickleException;
import io.cloudpickle.PickleInput;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleOutput;
import io.cloudpickle.TypeCodec;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;

/**
 * Runs a user's {@link TypeCodec} as a composite: its primitives go to the block, its
 * objects become children.
 */
final class UserCodecAdapter implements CompositeCodec {

	private static final int MAX_STRING = Integer.MAX_VALUE - 16;

	private final TypeCodec<Object> codec;

	@SuppressWarnings("unchecked")
	UserCodecAdapter(TypeCodec<?> codec) {
		this.codec = (TypeCodec<Object>) codec;
	}

	@Override
	public void write(Object value, ByteSink block, List<Object> children, WriteContext context) {
		this.codec.write(value, new PickleOutput() {
			@Override
			public void writeBoolean(boolean v) {
				block.writeBoolean(v);
			}

			@Override
			public void writeInt(int v) {
				block.writeInt(v);
			}

			@Override
			public void writeLong(long v) {
				block.writeLong(v);
			}

			@Override
			public void writeDouble(double v) {
				block.writeDouble(v);
			}

			@Override
			public void writeString(String v) {
				block.writeBoolean(v != null);
				if (v != null) {
					block.writeString(v);
				}
			}

			@Override
			public void writeBytes(byte[] v) {
				block.writeBlob(v);
			}

			@Override
			public void writeObject(Object v) {
				children.add(v);
			}
		});
	}

	@Override
	public Object allocate(Class<?> type, ByteSource block, int childCount) {
		return null;
	}

	@Override
	public Object complete(Class<?> type, Object allocated, ByteSource block, Object[] children, ReadContext context) {
		int[] next = { 0 };
		return this.codec.read(new PickleInput() {
			@Override
			public boolean readBoolean() {
				return block.readBoolean();
			}

			@Override
			public int readInt() {
				return block.readInt();
			}

			@Override
			public long readLong() {
				return block.readLong();
			}

			@Override
			public double readDouble() {
				return block.readDouble();
			}

			@Override
			public String readString() {
				return block.readBoolean() ? block.readString(context.limits().maxStringLength()) : null;
			}

			@Override
			public byte[] readBytes() {
				return block.readBlob(context.limits().maxArrayLength(), "byte array", PickleLimit.MAX_ARRAY_LENGTH);
			}

			@Override
			public Object readObject() {
				if (next[0] >= children.length) {
					throw new PickleException("codec for " + type.getName() + " read more objects than it wrote");
				}
				return children[next[0]++];
			}
		});
	}

}
