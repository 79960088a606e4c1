package io.cloudpickle.internal.closure;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.scan.ClassFile;
import io.cloudpickle.internal.scan.MethodBodies;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Closure cleaning: finds the enclosing-instance fields ({@code this$0}, {@code this$1}
 * ...) that javac gives inner, anonymous and local classes and that no code ever reads.
 * Such a field only holds the enclosing object alive; pickling it would drag that object
 * (often a large, non-serializable service) along, so the engine writes null instead, as
 * Python's cloudpickle captures only the globals a function uses and Spark's
 * ClosureCleaner nulls unused outer references.
 * <p>
 * "No code reads it" is decided on the bytecode of every class of the declaring class's
 * nest (the only classes javac lets read the field): no {@code GETFIELD} of it anywhere.
 * If any of those class files cannot be read, the field counts as read: a field that is
 * read is never dropped.
 */
public final class OuterInstances {

	/** Per class: the names of its enclosing-instance fields that are read somewhere. */
	private static final ClassValue<Set<String>> READ = new ClassValue<>() {
		@Override
		protected Set<String> computeValue(Class<?> type) {
			return readOuterFields(type);
		}
	};

	private OuterInstances() {
	}

	/** Whether {@code field} is an enclosing-instance field that no code reads. */
	public static boolean isUnread(Field field) {
		return isOuterInstance(field) && !READ.get(field.getDeclaringClass()).contains(field.getName());
	}

	static boolean isOuterInstance(Field field) {
		return field.isSynthetic() && field.getName().startsWith("this$");
	}

	private static Set<String> readOuterFields(Class<?> declaring) {
		Set<String> read = ConcurrentHashMap.newKeySet();
		Class<?>[] nest;
		try {
			nest = declaring.getNestHost().getNestMembers();
		}
		catch (SecurityException | LinkageError ex) {
			return everyOuterField(declaring);
		}
		// javac names the receiver's static type as the field's owner: the declaring
		// class or a subclass of it.
		Set<String> owners = new HashSet<>();
		for (Class<?> member : nest) {
			if (declaring.isAssignableFrom(member)) {
				owners.add(member.getName().replace('.', '/'));
			}
		}
		for (Class<?> member : nest) {
			byte[] bytes;
			try {
				bytes = ClassFile.readBytes(member);
			}
			catch (PickleException ex) {
				return everyOuterField(declaring);
			}
			collectReads(bytes, owners, read);
		}
		return read;
	}

	private static Set<String> everyOuterField(Class<?> declaring) {
		Set<String> names = ConcurrentHashMap.newKeySet();
		for (Field field : declaring.getDeclaredFields()) {
			if (isOuterInstance(field)) {
				names.add(field.getName());
			}
		}
		return names;
	}

	private static void collectReads(byte[] classFile, Set<String> owners, Set<String> read) {
		MethodBodies.visit(classFile, new MethodVisitor(Opcodes.ASM9) {
			@Override
			public void visitFieldInsn(int opcode, String fieldOwner, String fieldName, String fieldDescriptor) {
				if (opcode == Opcodes.GETFIELD && owners.contains(fieldOwner) && fieldName.startsWith("this$")) {
					read.add(fieldName);
				}
			}
		});
	}

}
