package io.cloudpickle.internal.codec;

import java.io.Externalizable;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamField;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Java serialization contract of one class, found the way
 * {@code java.io.ObjectStreamClass} finds it: {@code writeReplace}/{@code readResolve}
 * (inheritable), and per serializable level {@code writeObject}/ {@code readObject}.
 */
final class SerialHooks {

	private static final ClassValue<SerialHooks> CACHE = new ClassValue<>() {
		@Override
		protected SerialHooks computeValue(Class<?> type) {
			return new SerialHooks(type);
		}
	};

	final boolean serializable;

	final boolean externalizable;

	final Method writeReplace;

	final Method readResolve;

	/** Serializable levels, top-most first; each with its optional hooks. */
	final List<Level> levels;

	/** Whether any level defines writeObject or readObject. */
	final boolean customLevels;

	/**
	 * Null when every hook could be made accessible; otherwise the first that could not.
	 */
	final String inaccessible;

	/**
	 * One serializable class level. {@code fields} are its serializable fields as Java
	 * serialization defines them ({@code serialPersistentFields} if declared, else the
	 * non-static non-transient ones), in wire order, each with its backing
	 * {@link java.lang.reflect.Field} or null when no field backs it (only
	 * putFields/readFields reach it).
	 */
	record Level(Class<?> type, String[] names, Class<?>[] types, Field[] fields, Method writeObject,
			Method readObject) {
	}

	private SerialHooks(Class<?> type) {
		this.serializable = Serializable.class.isAssignableFrom(type);
		this.externalizable = Externalizable.class.isAssignableFrom(type);
		String problem = null;
		Method replace = null;
		Method resolve = null;
		List<Level> found = new ArrayList<>();
		boolean custom = false;
		if (this.serializable) {
			try {
				replace = inheritable(type, "writeReplace");
				resolve = inheritable(type, "readResolve");
			}
			catch (InaccessibleObjectException ex) {
				problem = ex.getMessage();
			}
			if (!this.externalizable) {
				for (Class<?> level : ClassLayout.hierarchyTopDown(type)) {
					if (!Serializable.class.isAssignableFrom(level)) {
						continue;
					}
					Method write = privateMethod(level, "writeObject", ObjectOutputStream.class);
					Method read = privateMethod(level, "readObject", ObjectInputStream.class);
					custom |= write != null || read != null;
					try {
						if (write != null) {
							write.setAccessible(true);
						}
						if (read != null) {
							read.setAccessible(true);
						}
					}
					catch (InaccessibleObjectException ex) {
						problem = "serialization hooks of " + level.getName() + " are not accessible";
					}
					Level built = level(level, write, read);
					if (built == null) {
						problem = "fields of " + level.getName() + " are not accessible";
					}
					else {
						found.add(built);
					}
				}
			}
		}
		this.writeReplace = replace;
		this.readResolve = resolve;
		this.levels = List.copyOf(found);
		this.customLevels = custom;
		this.inaccessible = problem;
	}

	private static Level level(Class<?> level, Method write, Method read) {
		ObjectStreamField[] streamFields = ObjectStreamClass.lookupAny(level).getFields();
		String[] names = new String[streamFields.length];
		Class<?>[] types = new Class<?>[streamFields.length];
		Field[] fields = new Field[streamFields.length];
		for (int i = 0; i < streamFields.length; i++) {
			names[i] = streamFields[i].getName();
			types[i] = streamFields[i].getType();
			try {
				Field f = level.getDeclaredField(names[i]);
				if (!Modifier.isStatic(f.getModifiers()) && f.getType() == types[i]) {
					f.setAccessible(true);
					fields[i] = f;
				}
			}
			catch (NoSuchFieldException ex) {
				// declared in serialPersistentFields only: reachable through
				// putFields/readFields
			}
			catch (InaccessibleObjectException ex) {
				return null;
			}
		}
		return new Level(level, names, types, fields, write, read);
	}

	static SerialHooks of(Class<?> type) {
		return CACHE.get(type);
	}

	private static Method privateMethod(Class<?> type, String name, Class<?> param) {
		try {
			Method m = type.getDeclaredMethod(name, param);
			int mods = m.getModifiers();
			return (m.getReturnType() == void.class && Modifier.isPrivate(mods) && !Modifier.isStatic(mods)) ? m : null;
		}
		catch (NoSuchMethodException ex) {
			return null;
		}
	}

	/**
	 * writeReplace/readResolve: declared here or inherited, with Java serialization's
	 * accessibility rules.
	 */
	private static Method inheritable(Class<?> type, String name) {
		for (Class<?> c = type; c != null; c = c.getSuperclass()) {
			Method m;
			try {
				m = c.getDeclaredMethod(name);
			}
			catch (NoSuchMethodException ex) {
				continue;
			}
			int mods = m.getModifiers();
			if (Modifier.isStatic(mods) || Modifier.isAbstract(mods) || m.getReturnType() != Object.class) {
				return null;
			}
			if (Modifier.isPrivate(mods) && c != type) {
				return null;
			}
			if (!Modifier.isPublic(mods) && !Modifier.isProtected(mods) && !Modifier.isPrivate(mods)
					&& !samePackage(c, type)) {
				return null;
			}
			m.setAccessible(true);
			return m;
		}
		return null;
	}

	private static boolean samePackage(Class<?> a, Class<?> b) {
		return a.getClassLoader() == b.getClassLoader() && Objects.equals(a.getPackageName(), b.getPackageName());
	}

}
