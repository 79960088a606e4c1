package io.cloudpickle.internal.lambda;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The method references in a class's constant pool, read through the JDK's internal
 * {@code Class.getConstantPool()}. Works only when {@code java.base} opens
 * {@code java.lang} to the engine ({@code --add-opens java.base/java.lang=ALL-UNNAMED}):
 * with that, a lookup into {@code java.lang} defines a small package-private accessor
 * there, which (being in {@code java.base}) may call {@code jdk.internal.reflect}'s
 * {@code ConstantPool} without a second flag.
 */
final class ConstantPools {

	private static final String ACCESSOR = "java/lang/CloudPickleConstantPoolAccess";

	private static final String POOL = "jdk/internal/reflect/ConstantPool";

	private ConstantPools() {
	}

	/** Whether constant pools can be read in this JVM; the reason why not otherwise. */
	static String unavailableReason() {
		return Accessor.FAILURE;
	}

	/**
	 * {@code owner.name descriptor} of every Methodref and InterfaceMethodref in the
	 * constant pool of {@code type}.
	 * @throws IllegalStateException if constant pools cannot be read here
	 */
	static List<String> methodRefs(Class<?> type) {
		if (Accessor.FAILURE != null) {
			throw new IllegalStateException(Accessor.FAILURE);
		}
		try {
			Object pool = Accessor.POOL_OF.invoke(type);
			int size = (int) Accessor.SIZE.invoke(pool);
			List<String> refs = new ArrayList<>();
			for (int i = 1; i < size; i++) {
				String tag = ((Enum<?>) Accessor.TAG_AT.invoke(pool, i)).name();
				if (tag.equals("METHODREF") || tag.equals("INTERFACEMETHODREF")) {
					String[] ref = (String[]) Accessor.MEMBER_REF_AT.invoke(pool, i);
					refs.add(ref[0] + '.' + ref[1] + ref[2]);
				}
			}
			return refs;
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException("cannot read the constant pool of " + type.getName() + ": " + ex, ex);
		}
	}

	/** Set up once per engine copy; {@code FAILURE} says why not when it could not be. */
	private static final class Accessor {

		static final MethodHandle POOL_OF;

		static final MethodHandle SIZE;

		static final MethodHandle TAG_AT;

		static final MethodHandle MEMBER_REF_AT;

		static final String FAILURE;

		static {
			MethodHandle poolOf = null;
			MethodHandle size = null;
			MethodHandle tagAt = null;
			MethodHandle memberRefAt = null;
			String failure = null;
			try {
				MethodHandles.Lookup javaLang = MethodHandles.privateLookupIn(Class.class, MethodHandles.lookup());
				Class<?> accessor = define(javaLang);
				poolOf = javaLang.findStatic(accessor, "poolOf", MethodType.methodType(Object.class, Class.class));
				size = javaLang.findStatic(accessor, "size", MethodType.methodType(int.class, Object.class));
				tagAt = javaLang.findStatic(accessor, "tagAt",
						MethodType.methodType(Object.class, Object.class, int.class));
				memberRefAt = javaLang.findStatic(accessor, "memberRefAt",
						MethodType.methodType(String[].class, Object.class, int.class));
			}
			catch (IllegalAccessException | NoSuchMethodException | LinkageError | RuntimeException ex) {
				failure = "java.base does not open java.lang to it";
			}
			POOL_OF = poolOf;
			SIZE = size;
			TAG_AT = tagAt;
			MEMBER_REF_AT = memberRefAt;
			FAILURE = failure;
		}

		private static Class<?> define(MethodHandles.Lookup javaLang) throws IllegalAccessException {
			try {
				return javaLang.defineClass(accessorClassFile());
			}
			catch (LinkageError ex) {
				// Another copy of the engine (another class loader) defined it first.
				try {
					return javaLang.findClass(ACCESSOR.replace('/', '.'));
				}
				catch (ClassNotFoundException notFound) {
					throw ex;
				}
			}
		}

	}

	/**
	 * A package-private class in java.lang with four straight-line static methods (no
	 * branches, so no stack map frames): the pool of a class, its size, the tag and the
	 * member reference at an index.
	 */
	private static byte[] accessorClassFile() {
		ClassWriter cw = new ClassWriter(0);
		cw.visit(Opcodes.V11, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER | Opcodes.ACC_SYNTHETIC, ACCESSOR, null,
				"java/lang/Object", null);
		MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "poolOf", "(Ljava/lang/Class;)Ljava/lang/Object;", null,
				null);
		mv.visitCode();
		mv.visitVarInsn(Opcodes.ALOAD, 0);
		mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Class", "getConstantPool", "()L" + POOL + ";", false);
		mv.visitInsn(Opcodes.ARETURN);
		mv.visitMaxs(1, 1);
		mv.visitEnd();
		mv = cw.visitMethod(Opcodes.ACC_STATIC, "size", "(Ljava/lang/Object;)I", null, null);
		mv.visitCode();
		mv.visitVarInsn(Opcodes.ALOAD, 0);
		mv.visitTypeInsn(Opcodes.CHECKCAST, POOL);
		mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, POOL, "getSize", "()I", false);
		mv.visitInsn(Opcodes.IRETURN);
		mv.visitMaxs(1, 1);
		mv.visitEnd();
		poolAtIndex(cw, "tagAt", "(Ljava/lang/Object;I)Ljava/lang/Object;", "getTagAt", "(I)L" + POOL + "$Tag;");
		poolAtIndex(cw, "memberRefAt", "(Ljava/lang/Object;I)[Ljava/lang/String;", "getMemberRefInfoAt",
				"(I)[Ljava/lang/String;");
		cw.visitEnd();
		return cw.toByteArray();
	}

	private static void poolAtIndex(ClassWriter cw, String name, String descriptor, String target,
			String targetDescriptor) {
		MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, name, descriptor, null, null);
		mv.visitCode();
		mv.visitVarInsn(Opcodes.ALOAD, 0);
		mv.visitTypeInsn(Opcodes.CHECKCAST, POOL);
		mv.visitVarInsn(Opcodes.ILOAD, 1);
		mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, POOL, target, targetDescriptor, false);
		mv.visitInsn(Opcodes.ARETURN);
		mv.visitMaxs(2, 2);
		mv.visitEnd();
	}

}
