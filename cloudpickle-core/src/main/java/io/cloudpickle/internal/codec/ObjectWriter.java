package io.cloudpickle.internal.codec;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.classtable.WriteClassTable;
import io.cloudpickle.internal.io.ByteSink;

/**
 * The write half of the engine: walks an object graph depth-first with an explicit stack,
 * so any depth works, and hands each value to the codec of its kind ({@link Plan.Kind}).
 * Each value is written as it is first met; the open frames on the stack are exactly the
 * path from the root, which error messages name.
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

	private IdentityIds ids = new IdentityIds();

	private final ByteSink scratch = new ByteSink(256);

	private Frame[] stack = new Frame[64];

	private int depth;

	private int nextId;

	private final BitSet fingerprinted = new BitSet();

	/** Where the path of an error starts: the root's class, or a JShell variable. */
	private Class<?> rootType;

	/** The JShell variable being written, or null while the root's graph is. */
	private String rootField;

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
			this.ids = new IdentityIds();
		}
		else {
			this.ids.clear();
		}
		this.nextId = 0;
		// left behind by a failed payload
		Arrays.fill(this.stack, 0, this.depth, null);
		this.depth = 0;
		this.fingerprinted.clear();
		this.rootType = null;
		this.rootField = null;
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

	boolean cleansClosures() {
		return this.cleanClosures;
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
		this.rootType = (root != null) ? root.getClass() : null;
		this.rootField = null;
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
		Set<Class<?>> done = null;
		boolean more = true;
		while (more) {
			more = false;
			for (Class<?> type : this.classes.shippedClasses()) {
				if (!InteractiveStatics.applies(type)) {
					continue;
				}
				if (done == null) {
					done = new HashSet<>();
				}
				if (!done.add(type)) {
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
					this.rootType = type;
					this.rootField = field.getName();
					writeGraphValue(InteractiveStatics.get(field));
				}
			}
		}
		this.out.writeVarInt(0);
	}

	private void writeGraphValue(Object value) {
		writeValue(value);
		while (this.depth > 0) {
			Frame top = this.stack[this.depth - 1];
			if (top.hasNext()) {
				writeValue(top.next());
			}
			else {
				this.stack[--this.depth] = null;
			}
		}
	}

	/** Opens a frame whose values the walk writes next, after the current value. */
	void push(Frame frame) {
		if (this.depth == this.stack.length) {
			this.stack = Arrays.copyOf(this.stack, this.depth * 2);
		}
		this.stack[this.depth++] = frame;
	}

	private void writeValue(Object value) {
		if (value == null) {
			this.out.writeByte(Tag.NULL.code);
			return;
		}
		try {
			Plan plan = this.registry.planFor(value.getClass());
			if (plan.writesWithoutId(value)) {
				plan.kind.writer.write(value, plan, this);
				return;
			}
			if (this.registry.persistentIds != null
					&& PersistentCodec.write(this.registry.persistentIds, value, this.out)) {
				return;
			}
			int id = this.ids.get(value);
			if (id != IdentityIds.NONE) {
				writeReference(id);
				return;
			}
			Object replaced = plan.honoursWriteReplace() ? replace(value) : value;
			if (replaced == value) {
				plan.kind.writer.write(value, plan, this);
				return;
			}
			if (replaced == null) {
				this.out.writeByte(Tag.NULL.code);
				return;
			}
			Plan replacedPlan = this.registry.planFor(replaced.getClass());
			if (replacedPlan.writesWithoutId(replaced)) {
				replacedPlan.kind.writer.write(replaced, replacedPlan, this);
				return;
			}
			int replacedId = this.ids.get(replaced);
			if (replacedId == IdentityIds.NONE) {
				replacedPlan.kind.writer.write(replaced, replacedPlan, this);
				replacedId = this.ids.get(replaced);
			}
			else {
				writeReference(replacedId);
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

	private void writeReference(int id) {
		this.out.writeByte(Tag.REF.code);
		this.out.writeVarInt(id);
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

	/** Gives {@code value} the next id, so later references to it are written as REF. */
	int assignId(Object value) {
		int id = this.nextId++;
		this.ids.put(value, id);
		return id;
	}

	/**
	 * Whether the fields fingerprint of class {@code classId} is still to be written in
	 * this payload; true once per class.
	 */
	boolean firstFingerprint(int classId) {
		if (this.fingerprinted.get(classId)) {
			return false;
		}
		this.fingerprinted.set(classId);
		return true;
	}

	ByteSink out() {
		return this.out;
	}

	/** The buffer a value's block is written to before its length is known; emptied. */
	ByteSink scratch() {
		this.scratch.reset();
		return this.scratch;
	}

	/** Writes the scratch buffer as a block, then the children after it. */
	void writeBlock(List<Object> children, IntFunction<String> labels) {
		this.out.writeVarInt(this.scratch.position());
		this.out.writeBytes(this.scratch.array(), 0, this.scratch.position());
		this.out.writeVarInt(children.size());
		pushChildren(children, labels);
	}

	/** Writes {@code children} next, naming child i in error paths by {@code labels}. */
	void pushChildren(List<Object> children, IntFunction<String> labels) {
		if (!children.isEmpty()) {
			push(new ListFrame(children, labels));
		}
	}

	private PickleException withPath(String message, Object value, Throwable cause) {
		StringBuilder path = new StringBuilder((this.rootType != null) ? describe(this.rootType) : "null");
		if (this.rootField != null) {
			path.append('.').append(this.rootField);
		}
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

	/** The values of one open object that are still to be written. */
	abstract static class Frame {

		abstract boolean hasNext();

		abstract Object next();

		/** How the path of an error names the value last returned by {@link #next}. */
		abstract String label();

	}

	private static final class ListFrame extends Frame {

		private final List<Object> children;

		private final IntFunction<String> labels;

		private int next;

		ListFrame(List<Object> children, IntFunction<String> labels) {
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
