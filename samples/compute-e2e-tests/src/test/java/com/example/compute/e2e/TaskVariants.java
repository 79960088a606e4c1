package com.example.compute.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.example.compute.e2e.tasks.LoadTasks;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Variants of {@link LoadTasks}: the same class name and code with one extra constant
 * field, each defined by a loader of its own that also serves its bytes (which is where
 * cloudpickle reads the bytes it ships). To the compute server each variant is changed
 * bytes under a known name, so it goes into a new bundle loader: shipping many variants
 * makes the server create loaders beyond its class-space bound and evict the oldest, as
 * many distinct closures would.
 */
final class TaskVariants {

	private static final String NAME = LoadTasks.class.getName();

	private static final String RESOURCE = NAME.replace('.', '/') + ".class";

	private final byte[] original;

	TaskVariants() {
		try (InputStream in = LoadTasks.class.getClassLoader().getResourceAsStream(RESOURCE)) {
			this.original = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Variant {@code n} of {@link LoadTasks}, in a loader of its own. */
	Class<?> variant(int n) {
		ClassReader reader = new ClassReader(this.original);
		ClassWriter writer = new ClassWriter(reader, 0);
		reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
			@Override
			public void visitEnd() {
				super.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC | Opcodes.ACC_FINAL, "LOAD_TEST_VARIANT", "I",
						null, n)
					.visitEnd();
				super.visitEnd();
			}
		}, 0);
		try {
			return Class.forName(NAME, true, new VariantLoader(writer.toByteArray(), n));
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Child-first for {@link LoadTasks} only; everything else comes from the test's class
	 * path.
	 */
	private static final class VariantLoader extends ClassLoader {

		static {
			registerAsParallelCapable();
		}

		private final byte[] bytes;

		VariantLoader(byte[] bytes, int n) {
			super("load-tasks-variant-" + n, LoadTasks.class.getClassLoader());
			this.bytes = bytes;
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.equals(NAME)) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> type = findLoadedClass(name);
				if (type == null) {
					type = defineClass(name, this.bytes, 0, this.bytes.length);
				}
				if (resolve) {
					resolveClass(type);
				}
				return type;
			}
		}

		@Override
		public InputStream getResourceAsStream(String name) {
			return name.equals(RESOURCE) ? new ByteArrayInputStream(this.bytes) : super.getResourceAsStream(name);
		}

	}

}
