package io.cloudpickle.internal.codec;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.classtable.WriteClassTable;
import io.cloudpickle.internal.io.ByteSink;

/**
 * Writes an object graph depth-first with an explicit stack, so any depth works. Each
 * value is written as it is first met; the open frames on the stack are exactly the path
 * from the root, which error messages name.
 */
public final class ObjectWriter implements WriteContext {

	/**
	 * Past this many objects the id table is dropped rather than cleared: clearing costs
	 * its capacity, which small payloads after one large one should not pay.
	 */
	private static final int RETAINED_IDS = 64;

	private ByteSink out;

	private WriteClassTable classes;

	private CodecRegistry registry;

	private IdentityHashMap<Object, Integer> ids = new IdentityHashMap<>();

	private final ByteSink scratch = new ByteSink(256);

	private WriteFrame[] stack = new WriteFrame[64];

	private int depth;

	private int nextId;

	private final java.util.BitSet fingerprinted = new java.util.BitSet();

	private String rootDescription;

	private boolean cleanClosures = true;

	public ObjectWriter(ByteSink out, WriteClassTable classes, CodecRegistry registry) {
		this.out = out;
		this.classes = classes;
		this.registry = registry;
	}

	/** Prepares a used writer for the next payload, keeping its tables' capacity. */
	public ObjectWriter reset(ByteSink out, WriteClassTable classes, CodecRegistry registry) {
		this.out = out;
		this.classes = classes;
		this.registry = registry;
		if (this.ids.size() > RETAINED_IDS) {
			this.ids = new IdentityHashMap<>();
		}
		else {
			this.ids.clear();
		}
		this.nextId = 0;
		// left behind by a failed payload
		java.util.Arrays.fill(this.stack, 0, this.depth, null);
		this.depth = 0;
		this.fingerprinted.clear();
		this.rootDescription = null;
		return this;
	}

	/**
	 * Whether enclosing-instance fields that no code reads are written as null (closure
	 * cleaning, on by default).
	 */
	public ObjectWriter cleanClosures(boolean enabled) {
		this.cleanClosures = enabled;
		return this;
	}

	@Override
	public int classId(Class<?> type) {
		return this.classes.idOf(type);
	}

	/**
	 * Writes {@code root} and everything reachable from it, then the top-level variables
	 * of shipped JShell classes.
	 */
	public void writeRoot(Object root) {
		this.rootDescription = (root != null) ? describe(root.getClass()) : "null";
		writeGraphValue(root);
		writeInteractiveStatics();
	}

	/**
	 * JShell keeps top-level variables in static fields of its REPL wrapper classes; a
	 * closure that reads one expects its value, as cloudpickle ships the globals an
	 * interactive function reads. Written after the root as groups of (class, fields),
	 * ended by 0; values share ids with the graph.
	 */
	private void writeInteractiveStatics() {
		java.util.Set<Class<?>> done = new java.util.HashSet<>();
		boolean more = true;
		while (more) {
			more = false;
			for (Class<?> type : this.classes.shippedClasses()) {
				if (!InteractiveStatics.applies(type) || !done.add(type)) {
					continue;
				}
				Field[] fields = InteractiveStatics.fieldsOf(type);
				if (fields.length == 0) {
					continue;
				}
				more = true;
				this.out.writeVarInt(classId(type) + 1);
				this.out.writeVarInt(fields.length);
				for (Field field : fields) {
					this.out.writeString(field.getName());
					this.rootDescription = describe(type) + "." + field.getName();
					writeGraphValue(InteractiveStatics.get(field));
				}
			}
		}
		this.out.writeVarInt(0);
	}

	private void writeGraphValue(Object value) {
		writeValue(value);
		while (this.depth > 0) {
			WriteFrame top = this.stack[this.depth - 1];
			if (top.hasNext()) {
				writeValue(top.next());
			}
			else {
				this.stack[--this.depth] = null;
			}
		}
	}

	private void push(WriteFrame frame) {
		if (this.depth == this.stack.length) {
			this.stack = java.util.Arrays.copyOf(this.stack, this.depth * 2);
		}
		this.stack[this.depth++] = frame;
	}

	private void writeValue(Object value) {
		if (value == null) {
			this.out.writeByte(Tags.NULL);
			return;
		}
		try {
			Plan plan = this.registry.planFor(value.getClass());
			if (writeUntracked(value, plan)) {
				return;
			}
			if (this.registry.persistentIds != null
					&& PersistentRecords.write(this.registry.persistentIds, value, this.out)) {
				return;
			}
			Integer id = this.ids.get(value);
			if (id != null) {
				this.out.writeByte(Tags.REF);
				this.out.writeVarInt(id);
				return;
			}
			Object replaced = plan.honoursWriteReplace() ? replace(value) : value;
			if (replaced == value) {
				writeNew(value, plan);
				return;
			}
			if (replaced == null) {
				this.out.writeByte(Tags.NULL);
				return;
			}
			Plan replacedPlan = this.registry.planFor(replaced.getClass());
			if (writeUntracked(replaced, replacedPlan)) {
				return;
			}
			Integer replacedId = this.ids.get(replaced);
			if (replacedId == null) {
				writeNew(replaced, replacedPlan);
				replacedId = this.ids.get(replaced);
			}
			else {
				this.out.writeByte(Tags.REF);
				this.out.writeVarInt(replacedId);
			}
			this.ids.put(value, replacedId);
		}
		catch (PickleException ex) {
			// The walk is iterative, so this is the only frame that can add the path.
			throw withPath(ex.getMessage(), value, ex.getCause() != null ? ex.getCause() : ex);
		}
		catch (RuntimeException | LinkageError ex) {
			throw withPath("cannot pickle " + value.getClass().getName() + ": " + ex, value, ex);
		}
	}

	private Object replace(Object value) {
		SerialHooks hooks = SerialHooks.of(value.getClass());
		if (hooks.writeReplace == null) {
			return value;
		}
		try {
			return hooks.writeReplace.invoke(value);
		}
		catch (InvocationTargetException ex) {
			throw new PickleException("writeReplace of " + value.getClass().getName() + " failed: " + ex.getCause(),
					ex.getCause());
		}
		catch (IllegalAccessException ex) {
			throw new PickleException("cannot call writeReplace of " + value.getClass().getName(), ex);
		}
	}

	/**
	 * Writes values that carry no id (boxes, booleans, enums, class values, short
	 * strings); returns false for everything else. Skipping the identity table for them
	 * saves an identity hash per value.
	 */
	private boolean writeUntracked(Object value, Plan plan) {
		ByteSink o = this.out;
		switch (plan.kind) {
			case STRING -> {
				String s = (String) value;
				if (s.length() > Tags.SHORT_STRING_MAX) {
					return false;
				}
				o.writeByte(Tags.SHORT_STRING);
				o.writeString(s);
			}
			case INT -> {
				o.writeByte(plan.kind.tag);
				o.writeZigZag((Integer) value);
			}
			case LONG -> {
				o.writeByte(plan.kind.tag);
				o.writeZigZag((Long) value);
			}
			case DOUBLE -> {
				o.writeByte(plan.kind.tag);
				o.writeDouble((Double) value);
			}
			case FLOAT -> {
				o.writeByte(plan.kind.tag);
				o.writeFloat((Float) value);
			}
			case SHORT -> {
				o.writeByte(plan.kind.tag);
				o.writeShort((Short) value);
			}
			case BYTE -> {
				o.writeByte(plan.kind.tag);
				o.writeByte((Byte) value);
			}
			case CHAR -> {
				o.writeByte(plan.kind.tag);
				o.writeChar((Character) value);
			}
			case BOOLEAN -> o.writeByte((Boolean) value ? Tags.TRUE : Tags.FALSE);
			case ENUM -> EnumCodec.write((Enum<?>) value, this);
			case CLASS -> {
				Class<?> c = (Class<?>) value;
				if (c.isHidden()) {
					throw new PickleException("hidden class " + c.getName() + " cannot be named in another JVM");
				}
				o.writeByte(Tags.CLASS);
				o.writeVarInt(classId(c));
			}
			default -> {
				return false;
			}
		}
		return true;
	}

	int assignId(Object value) {
		int id = this.nextId++;
		this.ids.put(value, id);
		return id;
	}

	private void writeNew(Object value, Plan plan) {
		Class<?> type = value.getClass();
		ByteSink o = this.out;
		switch (plan.kind) {
			case STRING -> {
				assignId(value);
				o.writeByte(Tags.STRING);
				o.writeString((String) value);
			}
			case PRIMITIVE_ARRAY -> {
				assignId(value);
				o.writeByte(Tags.PRIMITIVE_ARRAY);
				PrimitiveArrays.write(value, o);
			}
			case OBJECT_ARRAY -> {
				assignId(value);
				Object[] array = (Object[]) value;
				o.writeByte(Tags.OBJECT_ARRAY);
				o.writeVarInt(classId(type));
				o.writeVarInt(array.length);
				if (array.length > 0) {
					push(new ArrayFrame(array));
				}
			}
			case OBJECT -> writeObjectFields(value, ClassLayout.of(type));
			case RECORD -> RecordCodec.write(value, type, this);
			case COMPOSITE -> {
				assignId(value);
				List<Object> children = new ArrayList<>();
				this.scratch.reset();
				plan.codec.write(value, this.scratch, children, this);
				o.writeByte(Tags.COMPOSITE);
				o.writeVarInt(classId(type));
				writeBlock(children, plan.codec::childLabel, value);
			}
			case LAMBDA -> LambdaCodec.writeRecord(value, this);
			case SERIAL -> SerialCodec.write(value, type, this);
			case EXTERNAL -> ExternalCodec.write(value, type, this);
			case JDK -> JdkStreams.writeRecord(value, type, this);
			case REFUSE -> throw new PickleException("cannot pickle " + type.getName() + ": " + plan.refusal);
			default -> throw new IllegalStateException("written without an id: " + plan.kind);
		}
	}

	private void writeObjectFields(Object value, ClassLayout layout) {
		assignId(value);
		ByteSink o = this.out;
		o.writeByte(Tags.OBJECT);
		int classId = classId(layout.type);
		o.writeVarInt(classId);
		if (!this.fingerprinted.get(classId)) {
			// Once per class and payload: the receiver checks its version of the class
			// has the same fields.
			this.fingerprinted.set(classId);
			o.writeInt(layout.fingerprint);
		}
		try {
			for (Field f : layout.primitives) {
				PrimitiveArrays.writeField(f, value, o);
			}
		}
		catch (IllegalAccessException ex) {
			throw new PickleException("cannot read fields of " + layout.type.getName(), ex);
		}
		if (layout.references.length > 0) {
			push(new FieldsFrame(value, layout.references, this.cleanClosures ? layout.unreadOuterInstances() : null));
		}
	}

	ByteSink out() {
		return this.out;
	}

	/** The buffer a record's block is written to before its length is known; emptied. */
	ByteSink scratch() {
		this.scratch.reset();
		return this.scratch;
	}

	/** Writes the scratch buffer as a block, then the children after it. */
	void writeBlock(List<Object> children, java.util.function.IntFunction<String> labels, Object owner) {
		this.out.writeVarInt(this.scratch.position());
		this.out.writeBytes(this.scratch.array(), 0, this.scratch.position());
		this.out.writeVarInt(children.size());
		pushChildren(children, labels, owner);
	}

	void pushChildren(List<Object> children, java.util.function.IntFunction<String> labels, Object owner) {
		if (!children.isEmpty()) {
			push(new ListFrame(owner, children, labels));
		}
	}

	private PickleException withPath(String message, Object value, Throwable cause) {
		StringBuilder path = new StringBuilder(this.rootDescription);
		for (int i = 0; i < this.depth; i++) {
			path.append(" → ").append(this.stack[i].label());
		}
		if (this.depth > 0) {
			path.append(" (").append(value.getClass().getName()).append(')');
		}
		return new PickleException(message + " (at " + path + ")", cause);
	}

	static String describe(Class<?> type) {
		if (type.isArray()) {
			return type.getSimpleName();
		}
		String name = type.getName();
		int lambda = name.indexOf("$$Lambda");
		if (lambda >= 0) {
			name = name.substring(0, lambda + 8);
		}
		int dot = name.lastIndexOf('.');
		return (dot >= 0) ? name.substring(dot + 1) : name;
	}

	private abstract static class WriteFrame {

		abstract boolean hasNext();

		abstract Object next();

		abstract String label();

	}

	private static final class FieldsFrame extends WriteFrame {

		private final Object owner;

		private final Field[] fields;

		/** Fields written as null (closure cleaning), or null for none. */
		private final boolean[] cleaned;

		private int next;

		FieldsFrame(Object owner, Field[] fields, boolean[] cleaned) {
			this.owner = owner;
			this.fields = fields;
			this.cleaned = cleaned;
		}

		@Override
		boolean hasNext() {
			return this.next < this.fields.length;
		}

		@Override
		Object next() {
			int index = this.next++;
			if (this.cleaned != null && this.cleaned[index]) {
				return null;
			}
			try {
				return this.fields[index].get(this.owner);
			}
			catch (IllegalAccessException ex) {
				throw new PickleException("cannot read field " + this.fields[this.next - 1], ex);
			}
		}

		@Override
		String label() {
			return "field " + this.fields[Math.max(0, this.next - 1)].getName();
		}

	}

	private static final class ArrayFrame extends WriteFrame {

		private final Object[] array;

		private int next;

		ArrayFrame(Object[] array) {
			this.array = array;
		}

		@Override
		boolean hasNext() {
			return this.next < this.array.length;
		}

		@Override
		Object next() {
			return this.array[this.next++];
		}

		@Override
		String label() {
			return "[" + Math.max(0, this.next - 1) + "]";
		}

	}

	private static final class ListFrame extends WriteFrame {

		private final List<Object> children;

		private final java.util.function.IntFunction<String> labels;

		private int next;

		ListFrame(Object owner, List<Object> children, java.util.function.IntFunction<String> labels) {
			this.children = children;
			this.labels = labels;
		}

		@Override
		boolean hasNext() {
			return this.next < this.children.size();
		}

		@Override
		Object next() {
			return this.children.get(this.next++);
		}

		@Override
		String label() {
			return this.labels.apply(Math.max(0, this.next - 1));
		}

	}

}
