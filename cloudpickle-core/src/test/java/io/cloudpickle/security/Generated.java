package io.cloudpickle.security;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.scan.ClassFile;
import io.cloudpickle.testing.GeneratedSuppliers;

/**
 * Classes generated with ASM for the security tests
 * ({@code name implements Supplier<Object>}), the loader that defines them and serves
 * their class files (so a sender can ship them by value), and hand-built payloads.
 */
final class Generated {

	static final int TAG_NULL = 0;

	static final int TAG_CLASS = 13;

	private Generated() {
	}

	/**
	 * A class whose {@code get()} returns {@code returns}; {@code extra} may add members
	 * and code to the class.
	 */
	static byte[] supplier(String name, String returns, Consumer<ClassWriter> extra) {
		return supplier(name, "java/lang/Object", returns, extra);
	}

	static byte[] supplier(String name, String superName, String returns, Consumer<ClassWriter> extra) {
		return GeneratedSuppliers.bytes(name, Opcodes.V17, superName, null, returns, (extra != null) ? extra : (cw) -> {
		});
	}

	/**
	 * Adds {@code static void run()} with the given code (which must leave the stack
	 * empty).
	 */
	static Consumer<ClassWriter> method(Consumer<MethodVisitor> code) {
		return method(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, code);
	}

	/**
	 * Adds the instance method {@code void run()}: reachable wherever an instance of the
	 * class is, so the gates of a pickler judge it.
	 */
	static Consumer<ClassWriter> instanceMethod(Consumer<MethodVisitor> code) {
		return method(Opcodes.ACC_PUBLIC, code);
	}

	private static Consumer<ClassWriter> method(int access, Consumer<MethodVisitor> code) {
		return (cw) -> {
			MethodVisitor mv = cw.visitMethod(access, "run", "()V", null, null);
			mv.visitCode();
			code.accept(mv);
			mv.visitInsn(Opcodes.RETURN);
			mv.visitMaxs(0, 0);
			mv.visitEnd();
		};
	}

	/**
	 * Adds a static initializer that sets the system property {@code property} to
	 * "written".
	 */
	static Consumer<ClassWriter> marker(String property) {
		return (cw) -> {
			MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
			mv.visitCode();
			mv.visitLdcInsn(property);
			mv.visitLdcInsn("written");
			mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "setProperty",
					"(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/String;", false);
			mv.visitInsn(Opcodes.POP);
			mv.visitInsn(Opcodes.RETURN);
			mv.visitMaxs(0, 0);
			mv.visitEnd();
		};
	}

	/**
	 * A new instance of each class, defined in one fresh loader that also serves their
	 * class files.
	 */
	static Object instance(String name, byte[] classFile) throws Exception {
		Loader loader = new Loader(Map.of(name, classFile));
		return loader.loadClass(name).getDeclaredConstructor().newInstance();
	}

	/**
	 * A hand-built payload (docs/FORMAT.md §4): header, the shipped classes (name → class
	 * file), the class table (a shipped name as its bundle index, any other as package
	 * and simple name), then {@code graph}.
	 */
	static byte[] payload(Map<String, byte[]> shipped, String[] names, byte... graph) {
		ByteSink out = new ByteSink(1024);
		out.writeBytes("CPKL".getBytes(StandardCharsets.US_ASCII));
		out.writeByte(2);
		out.writeByte(0);
		out.writeVarInt(17);
		out.writeVarInt(shipped.isEmpty() ? 0 : Opcodes.V17);
		out.writeVarInt(shipped.size());
		List<String> packages = new ArrayList<>();
		List<String> bundle = new ArrayList<>(shipped.keySet());
		for (Map.Entry<String, byte[]> entry : shipped.entrySet()) {
			writeName(out, entry.getKey(), packages);
			out.writeBytes(ClassFile.sha256(entry.getValue()));
			out.writeBlob(entry.getValue());
		}
		out.writeVarInt(names.length);
		for (String name : names) {
			String element = name;
			if (name.startsWith("[")) {
				// ARRAY, dimensions, then the element: L<name>; or a primitive's
				// well-known id
				int dims = name.lastIndexOf('[') + 1;
				out.writeByte(0x02);
				out.writeByte(dims);
				element = name.substring(dims + 1, name.length() - 1);
				if (name.charAt(dims) != 'L') {
					out.writeByte(0x10 + "ZBCSIJFD".indexOf(name.charAt(dims)));
					continue;
				}
			}
			if (bundle.contains(element)) {
				out.writeByte(0x01);
				out.writeVarInt(bundle.indexOf(element));
			}
			else {
				out.writeByte(0x00);
				writeName(out, element, packages);
			}
		}
		out.writeBytes(graph);
		return out.toByteArray();
	}

	private static void writeName(ByteSink out, String name, List<String> packages) {
		int dot = name.lastIndexOf('.');
		String pkg = (dot < 0) ? "" : name.substring(0, dot);
		if (packages.contains(pkg)) {
			out.writeVarInt(packages.indexOf(pkg));
		}
		else {
			out.writeVarInt(packages.size());
			out.writeUtf8(pkg);
			packages.add(pkg);
		}
		out.writeUtf8(name.substring(dot + 1));
	}

	/** A payload whose root is the {@link Class} named by {@code name}, by reference. */
	static byte[] classPayload(String name) {
		return payload(new LinkedHashMap<>(), new String[] { name }, (byte) TAG_CLASS, (byte) 0, (byte) 0);
	}

	/**
	 * Defines the classes it holds, child-first, and serves their class files as
	 * resources.
	 */
	static final class Loader extends ClassLoader {

		private final Map<String, byte[]> classes;

		Loader(Map<String, byte[]> classes) {
			super("generated", Generated.class.getClassLoader());
			this.classes = classes;
		}

		@Override
		protected Class<?> findClass(String name) throws ClassNotFoundException {
			byte[] bytes = this.classes.get(name);
			if (bytes == null) {
				throw new ClassNotFoundException(name);
			}
			return defineClass(name, bytes, 0, bytes.length);
		}

		@Override
		public InputStream getResourceAsStream(String resource) {
			for (Map.Entry<String, byte[]> entry : this.classes.entrySet()) {
				if (resource.equals(entry.getKey().replace('.', '/') + ".class")) {
					return new ByteArrayInputStream(entry.getValue());
				}
			}
			return super.getResourceAsStream(resource);
		}

	}

}
