package io.cloudpickle.internal.scan;

import java.util.Set;
import java.util.TreeSet;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * Lists every class a class file refers to: constant pool, field and method descriptors,
 * generic signatures, annotations, InnerClasses, NestHost/NestMembers,
 * PermittedSubclasses and bootstrap arguments. A constant-pool-only scan is not enough: a
 * type that appears only in a method descriptor breaks {@code getDeclaredMethods} on the
 * receiver.
 */
final class ReferenceScanner {

	private ReferenceScanner() {
	}

	/**
	 * Binary names (dotted) of the classes referenced by {@code classFile}, excluding the
	 * JDK's own.
	 */
	static Set<String> referencedClasses(byte[] classFile) {
		Set<String> names = new TreeSet<>();
		Remapper recorder = new Remapper() {
			@Override
			public String map(String internalName) {
				record(internalName, names);
				return internalName;
			}
		};
		// The delegate must be a real visitor: ClassRemapper over an empty one skips
		// method bodies.
		new ClassReader(classFile).accept(new ClassRemapper(new ClassWriter(0), recorder), 0);
		return names;
	}

	private static void record(String internalName, Set<String> names) {
		String name = internalName;
		int dims = 0;
		while (dims < name.length() && name.charAt(dims) == '[') {
			dims++;
		}
		if (dims > 0) {
			if (name.length() <= dims + 1 || name.charAt(dims) != 'L') {
				return; // primitive array
			}
			name = name.substring(dims + 1, name.length() - 1);
		}
		if (isPlatform(name)) {
			return;
		}
		names.add(name.replace('/', '.'));
	}

	private static boolean isPlatform(String internalName) {
		return internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
				|| internalName.startsWith("sun/") || internalName.startsWith("com/sun/");
	}

}
