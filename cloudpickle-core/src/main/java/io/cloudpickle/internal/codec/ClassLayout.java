package io.cloudpickle.internal.codec;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.closure.OuterInstances;
import sun.reflect.ReflectionFactory;

/**
 * The fields the engine writes for a class (non-static, non-transient, whole hierarchy,
 * each level sorted by name), split into primitives (written inline) and references
 * (written as children), and how to create an instance without running a constructor.
 * Computed once per class.
 */
final class ClassLayout {

	private static final ClassValue<ClassLayout> CACHE = new ClassValue<>() {
		@Override
		protected ClassLayout computeValue(Class<?> type) {
			return new ClassLayout(type);
		}
	};

	final Class<?> type;

	final Field[] primitives;

	final Field[] references;

	/** Null when every field can be read and written; otherwise why not. */
	final String inaccessible;

	final int fingerprint;

	private volatile Constructor<?> instantiator;

	/**
	 * Per reference field: written as null by closure cleaning; computed on first use.
	 */
	private volatile boolean[] unreadOuter;

	private static final boolean[] NONE = new boolean[0];

	private final FieldAccessor reflective;

	/**
	 * The generated accessor, or {@link #reflective} when none can be generated; null
	 * until decided.
	 */
	private volatile FieldAccessor generated;

	/** Instances seen so far (racy: it only decides when to generate). */
	private int uses;

	private ClassLayout(Class<?> type) {
		this.type = type;
		List<Field> prims = new ArrayList<>();
		List<Field> refs = new ArrayList<>();
		String problem = null;
		for (Class<?> level : hierarchyTopDown(type)) {
			for (Field field : fieldsOf(level)) {
				try {
					field.setAccessible(true);
				}
				catch (InaccessibleObjectException | SecurityException ex) {
					problem = "field " + level.getName() + "." + field.getName() + " is not accessible";
					continue;
				}
				(field.getType().isPrimitive() ? prims : refs).add(field);
			}
		}
		this.primitives = prims.toArray(new Field[0]);
		this.references = refs.toArray(new Field[0]);
		this.inaccessible = problem;
		this.fingerprint = fingerprint(this.primitives, this.references);
		this.reflective = new ReflectiveFieldAccessor(type, this.primitives, this.references);
	}

	/**
	 * How to read and write the fields of one instance: generated once the class has been
	 * seen often enough, reflective until then (see {@link FieldAccessors}).
	 */
	FieldAccessor accessor() {
		FieldAccessors.Mode mode = FieldAccessors.mode;
		if (mode == FieldAccessors.Mode.REFLECTIVE) {
			return this.reflective;
		}
		FieldAccessor accessor = this.generated;
		if (accessor != null) {
			return accessor;
		}
		if (mode == FieldAccessors.Mode.ADAPTIVE && ++this.uses < FieldAccessors.threshold) {
			return this.reflective;
		}
		return generate();
	}

	/** Whether instances are read and written through a generated accessor. */
	boolean hasGeneratedAccessor() {
		FieldAccessor accessor = this.generated;
		return accessor != null && accessor != this.reflective;
	}

	private synchronized FieldAccessor generate() {
		FieldAccessor accessor = this.generated;
		if (accessor == null) {
			try {
				accessor = AccessorGenerator.generate(this.primitives, this.references);
			}
			catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
				// The module system or the class file format does not allow it
				// (a package not open to this library, a class with too many fields).
				accessor = this.reflective;
			}
			this.generated = accessor;
		}
		return accessor;
	}

	static ClassLayout of(Class<?> type) {
		return CACHE.get(type);
	}

	/**
	 * Which of {@link #references} are enclosing instances that no code reads (see
	 * {@link OuterInstances}), or null when there are none.
	 */
	boolean[] unreadOuterInstances() {
		boolean[] mask = this.unreadOuter;
		if (mask == null) {
			mask = NONE;
			for (int i = 0; i < this.references.length; i++) {
				if (OuterInstances.isUnread(this.references[i])) {
					if (mask == NONE) {
						mask = new boolean[this.references.length];
					}
					mask[i] = true;
				}
			}
			this.unreadOuter = mask;
		}
		return (mask == NONE) ? null : mask;
	}

	/** The fields written for one class level, in wire order. */
	static Field[] fieldsOf(Class<?> level) {
		List<Field> fields = new ArrayList<>();
		for (Field field : level.getDeclaredFields()) {
			int mods = field.getModifiers();
			if (!Modifier.isStatic(mods) && !Modifier.isTransient(mods)) {
				fields.add(field);
			}
		}
		fields.sort(Comparator.comparing(Field::getName));
		return fields.toArray(new Field[0]);
	}

	static List<Class<?>> hierarchyTopDown(Class<?> type) {
		List<Class<?>> levels = new ArrayList<>();
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			levels.add(0, c);
		}
		return levels;
	}

	private static int fingerprint(Field[] prims, Field[] refs) {
		int h = 17;
		for (Field f : prims) {
			h = 31 * h + (f.getName() + ':' + f.getType().getName()).hashCode();
		}
		for (Field f : refs) {
			h = 31 * h + f.getName().hashCode();
		}
		return h;
	}

	/**
	 * A new instance that no constructor of {@code type} (or of its serializable
	 * superclasses) has run on.
	 */
	Object newInstance() {
		Constructor<?> ctor = this.instantiator;
		if (ctor == null) {
			ctor = instantiatorFor(this.type);
			this.instantiator = ctor;
		}
		try {
			return ctor.newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new PickleException("cannot create an instance of " + this.type.getName() + ": " + ex, ex);
		}
	}

	private static Constructor<?> instantiatorFor(Class<?> type) {
		ReflectionFactory factory = ReflectionFactory.getReflectionFactory();
		Constructor<?> ctor = null;
		if (Serializable.class.isAssignableFrom(type)) {
			// The Java serialization rule: run the no-arg constructor of the first
			// non-serializable superclass.
			ctor = factory.newConstructorForSerialization(type);
		}
		if (ctor == null) {
			try {
				ctor = factory.newConstructorForSerialization(type, Object.class.getDeclaredConstructor());
			}
			catch (NoSuchMethodException ex) {
				throw new IllegalStateException(ex);
			}
		}
		ctor.setAccessible(true);
		return ctor;
	}

	/** The canonical constructor of a record, accessible. */
	static Constructor<?> canonicalConstructor(Class<?> record) {
		RecordComponent[] components = record.getRecordComponents();
		Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
		try {
			Constructor<?> ctor = record.getDeclaredConstructor(types);
			ctor.setAccessible(true);
			return ctor;
		}
		catch (NoSuchMethodException | InaccessibleObjectException ex) {
			throw new PickleException("cannot use the canonical constructor of record " + record.getName(), ex);
		}
	}

}
