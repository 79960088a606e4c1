package io.cloudpickle.internal.codec;

import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.NotActiveException;
import java.io.ObjectInputStream;
import java.io.ObjectInputValidation;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.StreamCorruptedException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;

/**
 * Runs a class's own Java serialization hooks ({@code writeObject}/{@code readObject}
 * with {@code defaultWriteObject}, {@code putFields}, {@code readFields};
 * {@code Externalizable}) against our format. The streams only record: primitive data
 * goes to a per-level block, objects become children that the graph walk writes
 * afterwards, so hooks never make the engine recursive.
 */
final class SerialStreams {

	private SerialStreams() {
	}

	/** One serializable level's captured data. */
	record Segment(byte[] block, int childCount) {
	}

	record Captured(Segment[] segments, List<Object> children) {
	}

	static Captured captureLevels(Object obj, SerialHooks hooks, WriteContext context) {
		List<Object> children = new ArrayList<>();
		Segment[] segments = new Segment[hooks.levels.size()];
		try {
			CapturingOutput out = new CapturingOutput(obj, children);
			for (int i = 0; i < segments.length; i++) {
				SerialHooks.Level level = hooks.levels.get(i);
				out.begin(level);
				if (level.writeObject() != null) {
					level.writeObject().invoke(obj, out);
				}
				else {
					out.defaultWriteObject();
				}
				segments[i] = out.end();
			}
		}
		catch (InvocationTargetException ex) {
			throw new PickleException("writeObject of " + obj.getClass().getName() + " failed: " + ex.getCause(),
					ex.getCause());
		}
		catch (IOException | IllegalAccessException ex) {
			throw new PickleException("cannot serialize " + obj.getClass().getName() + ": " + ex, ex);
		}
		return new Captured(segments, children);
	}

	static Captured captureExternal(Object obj, WriteContext context) {
		List<Object> children = new ArrayList<>();
		try {
			CapturingOutput out = new CapturingOutput(obj, children);
			out.begin(null);
			((Externalizable) obj).writeExternal(out);
			return new Captured(new Segment[] { out.end() }, children);
		}
		catch (IOException ex) {
			throw new PickleException("writeExternal of " + obj.getClass().getName() + " failed: " + ex, ex);
		}
	}

	/** Replays each level's hook (or the default field read) on an allocated instance. */
	static void replayLevels(Object obj, SerialHooks hooks, ByteSource[] blocks, int[] childCounts, Object[] children) {
		if (blocks.length != hooks.levels.size()) {
			throw new PickleException("payload does not match this JVM's " + obj.getClass().getName() + ": "
					+ blocks.length + " serializable levels written, " + hooks.levels.size() + " here");
		}
		ReplayingInput in = newInput(obj, children);
		int childStart = 0;
		try {
			for (int i = 0; i < blocks.length; i++) {
				SerialHooks.Level level = hooks.levels.get(i);
				in.begin(level, blocks[i], childStart, childStart + childCounts[i]);
				if (level.readObject() != null) {
					level.readObject().invoke(obj, in);
				}
				else {
					in.defaultReadObject();
				}
				childStart += childCounts[i];
			}
			in.runValidations();
		}
		catch (InvocationTargetException ex) {
			throw new PickleException("readObject of " + obj.getClass().getName() + " failed: " + ex.getCause(),
					ex.getCause());
		}
		catch (IOException | IllegalAccessException ex) {
			throw new PickleException("cannot deserialize " + obj.getClass().getName() + ": " + ex, ex);
		}
	}

	static void replayExternal(Externalizable obj, ByteSource block, Object[] children) {
		ReplayingInput in = newInput(obj, children);
		try {
			in.begin(null, block, 0, children.length);
			obj.readExternal(in);
		}
		catch (IOException | ClassNotFoundException ex) {
			throw new PickleException("readExternal of " + obj.getClass().getName() + " failed: " + ex, ex);
		}
	}

	private static ReplayingInput newInput(Object obj, Object[] children) {
		try {
			return new ReplayingInput(obj, children);
		}
		catch (IOException ex) {
			throw new PickleException("cannot create an input stream", ex);
		}
	}

	private static Object defaultValue(Class<?> type) {
		if (!type.isPrimitive()) {
			return null;
		}
		if (type == boolean.class) {
			return false;
		}
		if (type == char.class) {
			return '\0';
		}
		if (type == long.class) {
			return 0L;
		}
		if (type == float.class) {
			return 0f;
		}
		if (type == double.class) {
			return 0d;
		}
		if (type == byte.class) {
			return (byte) 0;
		}
		if (type == short.class) {
			return (short) 0;
		}
		return 0;
	}

	/** Records what a writeObject/writeExternal hook writes. */
	private static final class CapturingOutput extends ObjectOutputStream {

		private final Object obj;

		private final List<Object> children;

		private final ByteSink block = new ByteSink(64);

		private SerialHooks.Level level;

		private int childStart;

		private Map<String, Object> putFields;

		CapturingOutput(Object obj, List<Object> children) throws IOException {
			this.obj = obj;
			this.children = children;
		}

		void begin(SerialHooks.Level level) {
			this.level = level;
			this.block.reset();
			this.childStart = this.children.size();
			this.putFields = null;
		}

		Segment end() {
			return new Segment(this.block.toByteArray(), this.children.size() - this.childStart);
		}

		@Override
		protected void writeObjectOverride(Object o) {
			this.children.add(o);
		}

		@Override
		public void writeUnshared(Object o) {
			this.children.add(o);
		}

		@Override
		public void defaultWriteObject() throws IOException {
			if (this.level == null) {
				throw new NotActiveException("defaultWriteObject outside writeObject");
			}
			try {
				Field[] fields = this.level.fields();
				Class<?>[] types = this.level.types();
				for (int i = 0; i < fields.length; i++) {
					Object value = (fields[i] != null) ? fields[i].get(this.obj) : defaultValue(types[i]);
					if (types[i].isPrimitive()) {
						PrimitiveArrays.writeBoxed(types[i], value, this.block);
					}
					else {
						this.children.add(value);
					}
				}
			}
			catch (IllegalAccessException ex) {
				throw new IOException(ex);
			}
		}

		@Override
		public PutField putFields() {
			Map<String, Object> values = new HashMap<>();
			this.putFields = values;
			return new PutField() {
				@Override
				public void put(String name, boolean val) {
					values.put(name, val);
				}

				@Override
				public void put(String name, byte val) {
					values.put(name, val);
				}

				@Override
				public void put(String name, char val) {
					values.put(name, val);
				}

				@Override
				public void put(String name, short val) {
					values.put(name, val);
				}

				@Override
				public void put(String name, int val) {
					values.put(name, val);
				}

				@Override
				public void put(String name, long val) {
					values.put(name, val);
				}

				@Override
				public void put(String name, float val) {
					values.put(name, val);
				}

				@Override
				public void put(String name, double val) {
					values.put(name, val);
				}

				@Override
				public void put(String name, Object val) {
					values.put(name, val);
				}

				@Override
				@Deprecated
				public void write(ObjectOutput out) throws IOException {
					throw new IOException("PutField.write is not supported; use writeFields");
				}
			};
		}

		@Override
		public void writeFields() throws IOException {
			if (this.level == null || this.putFields == null) {
				throw new NotActiveException("writeFields without putFields");
			}
			String[] names = this.level.names();
			Class<?>[] types = this.level.types();
			for (int i = 0; i < names.length; i++) {
				Object v = this.putFields.getOrDefault(names[i], defaultValue(types[i]));
				if (types[i].isPrimitive()) {
					PrimitiveArrays.writeBoxed(types[i], v, this.block);
				}
				else {
					this.children.add(v);
				}
			}
		}

		@Override
		public void write(int b) {
			this.block.writeByte(b);
		}

		@Override
		public void write(byte[] b) {
			this.block.writeBytes(b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			this.block.writeBytes(b, off, len);
		}

		@Override
		public void writeBoolean(boolean v) {
			this.block.writeBoolean(v);
		}

		@Override
		public void writeByte(int v) {
			this.block.writeByte(v);
		}

		@Override
		public void writeShort(int v) {
			this.block.writeShort(v);
		}

		@Override
		public void writeChar(int v) {
			this.block.writeChar((char) v);
		}

		@Override
		public void writeInt(int v) {
			this.block.writeInt(v);
		}

		@Override
		public void writeLong(long v) {
			this.block.writeLong(v);
		}

		@Override
		public void writeFloat(float v) {
			this.block.writeFloat(v);
		}

		@Override
		public void writeDouble(double v) {
			this.block.writeDouble(v);
		}

		@Override
		public void writeBytes(String s) {
			for (int i = 0; i < s.length(); i++) {
				this.block.writeByte(s.charAt(i));
			}
		}

		@Override
		public void writeChars(String s) {
			for (int i = 0; i < s.length(); i++) {
				this.block.writeChar(s.charAt(i));
			}
		}

		@Override
		public void writeUTF(String s) {
			this.block.writeUtf8(s);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

		@Override
		public void reset() {
		}

		@Override
		public void useProtocolVersion(int version) {
		}

	}

	/** Feeds a readObject/readExternal hook what its writing twin captured. */
	private static final class ReplayingInput extends ObjectInputStream {

		private final Object obj;

		private final Object[] children;

		private SerialHooks.Level level;

		private ByteSource block;

		private int nextChild;

		private int childEnd;

		private final List<ObjectInputValidation> validations = new ArrayList<>();

		ReplayingInput(Object obj, Object[] children) throws IOException {
			this.obj = obj;
			this.children = children;
		}

		void begin(SerialHooks.Level level, ByteSource block, int childStart, int childEnd) {
			if (childEnd > this.children.length) {
				throw new PickleException("payload is corrupt: serialized object claims more children than it has");
			}
			this.level = level;
			this.block = block;
			this.nextChild = childStart;
			this.childEnd = childEnd;
		}

		void runValidations() throws InvalidObjectException {
			for (ObjectInputValidation v : this.validations) {
				v.validateObject();
			}
		}

		@Override
		protected Object readObjectOverride() throws IOException {
			if (this.nextChild >= this.childEnd) {
				throw new StreamCorruptedException("no more objects were written by " + this.obj.getClass().getName());
			}
			return this.children[this.nextChild++];
		}

		@Override
		public Object readUnshared() throws IOException {
			return readObjectOverride();
		}

		@Override
		public void defaultReadObject() throws IOException {
			if (this.level == null) {
				throw new NotActiveException("defaultReadObject outside readObject");
			}
			try {
				Field[] fields = this.level.fields();
				Class<?>[] types = this.level.types();
				for (int i = 0; i < fields.length; i++) {
					Object value = types[i].isPrimitive() ? PrimitiveArrays.readBoxed(types[i], this.block)
							: readObjectOverride();
					if (fields[i] != null) {
						fields[i].set(this.obj, value);
					}
				}
			}
			catch (IllegalAccessException | IllegalArgumentException ex) {
				throw new InvalidObjectException(
						"cannot restore fields of " + this.obj.getClass().getName() + ": " + ex);
			}
		}

		@Override
		public GetField readFields() throws IOException {
			if (this.level == null) {
				throw new NotActiveException("readFields outside readObject");
			}
			Map<String, Object> values = new HashMap<>();
			String[] names = this.level.names();
			Class<?>[] types = this.level.types();
			for (int i = 0; i < names.length; i++) {
				values.put(names[i], types[i].isPrimitive() ? PrimitiveArrays.readBoxed(types[i], this.block)
						: readObjectOverride());
			}
			Class<?> type = this.level.type();
			return new GetField() {
				@Override
				public ObjectStreamClass getObjectStreamClass() {
					return ObjectStreamClass.lookupAny(type);
				}

				@Override
				public boolean defaulted(String name) {
					return !values.containsKey(name);
				}

				private Object get(String name) {
					return values.get(name);
				}

				@Override
				public boolean get(String name, boolean val) {
					return values.containsKey(name) ? (Boolean) get(name) : val;
				}

				@Override
				public byte get(String name, byte val) {
					return values.containsKey(name) ? (Byte) get(name) : val;
				}

				@Override
				public char get(String name, char val) {
					return values.containsKey(name) ? (Character) get(name) : val;
				}

				@Override
				public short get(String name, short val) {
					return values.containsKey(name) ? (Short) get(name) : val;
				}

				@Override
				public int get(String name, int val) {
					return values.containsKey(name) ? (Integer) get(name) : val;
				}

				@Override
				public long get(String name, long val) {
					return values.containsKey(name) ? (Long) get(name) : val;
				}

				@Override
				public float get(String name, float val) {
					return values.containsKey(name) ? (Float) get(name) : val;
				}

				@Override
				public double get(String name, double val) {
					return values.containsKey(name) ? (Double) get(name) : val;
				}

				@Override
				public Object get(String name, Object val) {
					return values.containsKey(name) ? get(name) : val;
				}
			};
		}

		@Override
		public void registerValidation(ObjectInputValidation obj, int prio) {
			this.validations.add(obj);
		}

		@Override
		public int read() {
			return this.block.hasRemaining() ? this.block.readUnsignedByte() : -1;
		}

		@Override
		public int read(byte[] b, int off, int len) {
			if (len == 0) {
				return 0;
			}
			int n = Math.min(len, this.block.remaining());
			if (n == 0) {
				return -1;
			}
			int p = this.block.take(n);
			System.arraycopy(this.block.array(), p, b, off, n);
			return n;
		}

		@Override
		public int available() {
			return this.block.remaining();
		}

		@Override
		public void readFully(byte[] b) {
			readFully(b, 0, b.length);
		}

		@Override
		public void readFully(byte[] b, int off, int len) {
			int p = this.block.take(len);
			System.arraycopy(this.block.array(), p, b, off, len);
		}

		@Override
		public int skipBytes(int len) {
			int n = Math.min(len, this.block.remaining());
			this.block.take(n);
			return n;
		}

		@Override
		public boolean readBoolean() {
			return this.block.readBoolean();
		}

		@Override
		public byte readByte() {
			return (byte) this.block.readByte();
		}

		@Override
		public int readUnsignedByte() {
			return this.block.readUnsignedByte();
		}

		@Override
		public short readShort() {
			return this.block.readShort();
		}

		@Override
		public int readUnsignedShort() {
			return this.block.readShort() & 0xFFFF;
		}

		@Override
		public char readChar() {
			return this.block.readChar();
		}

		@Override
		public int readInt() {
			return this.block.readInt();
		}

		@Override
		public long readLong() {
			return this.block.readLong();
		}

		@Override
		public float readFloat() {
			return this.block.readFloat();
		}

		@Override
		public double readDouble() {
			return this.block.readDouble();
		}

		@Override
		public String readUTF() {
			return this.block.readUtf8(Integer.MAX_VALUE);
		}

		@Override
		@Deprecated
		public String readLine() throws IOException {
			throw new IOException("readLine is not supported");
		}

		@Override
		public void close() {
		}

	}

}
