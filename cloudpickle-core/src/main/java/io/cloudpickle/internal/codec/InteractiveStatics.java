package io.cloudpickle.internal.codec;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.policy.JShellClasses;

/**
 * Top-level variables of JShell snippets: non-final static fields of the wrapper classes
 * in package {@code REPL}. Only classes shipped by value in the same payload are ever
 * written to on the receiver.
 */
final class InteractiveStatics {

	private InteractiveStatics() {
	}

	static boolean applies(Class<?> type) {
		return JShellClasses.isWrapper(type.getName());
	}

	static Field[] fieldsOf(Class<?> type) {
		List<Field> fields = new ArrayList<>();
		for (Field field : type.getDeclaredFields()) {
			int mods = field.getModifiers();
			if (JShellClasses.isVariable(mods, field.isSynthetic())) {
				try {
					field.setAccessible(true);
					fields.add(field);
				}
				catch (InaccessibleObjectException ex) {
					// not a variable we can read: leave it to the receiver's initializer
				}
			}
		}
		fields.sort(Comparator.comparing(Field::getName));
		return fields.toArray(new Field[0]);
	}

	static Object get(Field field) {
		try {
			return field.get(null);
		}
		catch (IllegalAccessException ex) {
			throw new PickleException("cannot read JShell variable " + field.getName(), ex);
		}
	}

	static void set(Class<?> type, String name, Object value, ClassLoader bundleLoader, boolean ownClass) {
		if (ownClass) {
			// our own JShell class came back: its variables hold the live values, keep
			// them
			return;
		}
		if (bundleLoader == null || type.getClassLoader() != bundleLoader || !applies(type)) {
			throw new PickleException("payload tries to set static field " + name + " of " + type.getName()
					+ ", which was not shipped with it as a JShell class");
		}
		try {
			Field field = type.getDeclaredField(name);
			int mods = field.getModifiers();
			if (!JShellClasses.isVariable(mods, field.isSynthetic())) {
				throw new PickleException(
						"payload names " + type.getName() + "." + name + ", which is not a JShell variable");
			}
			field.setAccessible(true);
			field.set(null, value);
		}
		catch (NoSuchFieldException | IllegalAccessException | IllegalArgumentException ex) {
			throw new PickleException("cannot restore JShell variable " + type.getName() + "." + name + ": " + ex, ex);
		}
	}

}
