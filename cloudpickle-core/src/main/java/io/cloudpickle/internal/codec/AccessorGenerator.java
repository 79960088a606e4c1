package io.cloudpickle.internal.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;

/**
 * Generates a {@link FieldAccessor} for one class: a hidden class whose methods read and
 * write every field through a method handle loaded as a constant (class data), so the JIT
 * compiles each access to a plain field load or store, with no reflection and no boxing.
 * <p>
 * The handles come from a full-privilege lookup into each field's declaring class, which
 * the module system grants only where the package is open to this library; where it is
 * not, generation fails and the class keeps its {@linkplain ReflectiveFieldAccessor
 * reflective} accessor. The hidden class itself lives in this package, not in the
 * target's: it then links against this library's types whatever loader the target has
 * (shipped classes, JShell, a parent loader that cannot see this library), reaches
 * private fields of every superclass (each in its own nest) and writes {@code final}
 * fields, which a {@code putfield} outside the declaring class's constructor may not.
 */
final class AccessorGenerator {

	private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

	private static final String CLASS_NAME = Type.getInternalName(AccessorGenerator.class)
		.replace("AccessorGenerator", "GeneratedFieldAccessor");

	private static final String SUPER = Type.getInternalName(FieldAccessor.class);

	private static final String SINK = Type.getInternalName(ByteSink.class);

	private static final String SOURCE = Type.getInternalName(ByteSource.class);

	private static final String OBJECT = "java/lang/Object";

	private static final String MH = "java/lang/invoke/MethodHandle";

	private static final String VH = "java/lang/invoke/VarHandle";

	private static final Handle CLASS_DATA_AT = new Handle(Opcodes.H_INVOKESTATIC, "java/lang/invoke/MethodHandles",
			"classDataAt",
			"(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;", false);

	/** Class data indexes of the little-endian array views; the field handles follow. */
	private static final int SHORT_VIEW = 0;

	private static final int INT_VIEW = 1;

	private static final int LONG_VIEW = 2;

	private static final List<VarHandle> VIEWS = List.of(
			MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN),
			MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN),
			MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN));

	private AccessorGenerator() {
	}

	/**
	 * A generated accessor for {@code primitives} and {@code references} (accessible
	 * fields, in wire order).
	 * @throws ReflectiveOperationException when the module system or the class file
	 * format does not allow it
	 */
	static FieldAccessor generate(Field[] primitives, Field[] references) throws ReflectiveOperationException {
		List<Object> data = new ArrayList<>(VIEWS);
		int primitiveGetters = data.size();
		for (Field f : primitives) {
			data.add(lookupIn(f).unreflectGetter(f).asType(MethodType.methodType(f.getType(), Object.class)));
		}
		int primitiveSetters = data.size();
		for (Field f : primitives) {
			data.add(lookupIn(f).unreflectSetter(f)
				.asType(MethodType.methodType(void.class, Object.class, f.getType())));
		}
		int referenceGetters = data.size();
		for (Field f : references) {
			data.add(lookupIn(f).unreflectGetter(f).asType(MethodType.methodType(Object.class, Object.class)));
		}
		int referenceSetters = data.size();
		for (Field f : references) {
			data.add(lookupIn(f).unreflectSetter(f)
				.asType(MethodType.methodType(void.class, Object.class, Object.class)));
		}
		ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES) {
			@Override
			protected String getCommonSuperClass(String type1, String type2) {
				// Every merge point holds the same types: never load classes to merge.
				return OBJECT;
			}
		};
		cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, CLASS_NAME, null, SUPER, null);
		constructor(cw);
		writePrimitives(cw, primitives, primitiveGetters);
		readPrimitives(cw, primitives, primitiveSetters);
		get(cw, references.length, referenceGetters);
		set(cw, references.length, referenceSetters);
		cw.visitEnd();
		MethodHandles.Lookup hidden;
		try {
			hidden = LOOKUP.defineHiddenClassWithClassData(cw.toByteArray(), List.copyOf(data), true);
		}
		catch (LinkageError | IllegalArgumentException ex) {
			throw new ReflectiveOperationException("cannot define the accessor: " + ex, ex);
		}
		return (FieldAccessor) hidden.lookupClass().getDeclaredConstructor().newInstance();
	}

	private static MethodHandles.Lookup lookupIn(Field f) throws IllegalAccessException {
		return MethodHandles.privateLookupIn(f.getDeclaringClass(), LOOKUP);
	}

	/** The wire width of a primitive field. */
	private static int width(Class<?> type) {
		if (type == long.class || type == double.class) {
			return 8;
		}
		if (type == int.class || type == float.class) {
			return 4;
		}
		if (type == short.class || type == char.class) {
			return 2;
		}
		return 1;
	}

	private static int blockSize(Field[] primitives) {
		int size = 0;
		for (Field f : primitives) {
			size += width(f.getType());
		}
		return size;
	}

	private static void constructor(ClassWriter cw) {
		MethodVisitor mv = cw.visitMethod(0, "<init>", "()V", null, null);
		mv.visitCode();
		mv.visitVarInsn(Opcodes.ALOAD, 0);
		mv.visitMethodInsn(Opcodes.INVOKESPECIAL, SUPER, "<init>", "()V", false);
		mv.visitInsn(Opcodes.RETURN);
		mv.visitMaxs(0, 0);
		mv.visitEnd();
	}

	// Locals of the primitive block methods: 0 this, 1 owner, 2 sink/source, 3 offset,
	// 4 array.

	private static void writePrimitives(ClassWriter cw, Field[] primitives, int firstGetter) {
		MethodVisitor mv = cw.visitMethod(0, "writePrimitives", "(Ljava/lang/Object;L" + SINK + ";)V", null, null);
		mv.visitCode();
		startBlock(mv, SINK, "reserve", primitives);
		int offset = 0;
		for (int i = 0; i < primitives.length; i++) {
			Class<?> t = primitives[i].getType();
			String view = viewType(t);
			if (view != null) {
				classData(mv, viewIndex(t), VH);
			}
			mv.visitVarInsn(Opcodes.ALOAD, 4);
			arrayIndex(mv, offset);
			classData(mv, firstGetter + i, MH);
			mv.visitVarInsn(Opcodes.ALOAD, 1);
			String desc = Type.getDescriptor(t);
			mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MH, "invokeExact", "(Ljava/lang/Object;)" + desc, false);
			if (t == boolean.class) {
				normalizeBoolean(mv);
			}
			else if (t == char.class) {
				mv.visitInsn(Opcodes.I2S);
			}
			else if (t == float.class) {
				mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
			}
			else if (t == double.class) {
				mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
			}
			if (view == null) {
				mv.visitInsn(Opcodes.BASTORE);
			}
			else {
				mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VH, "set", "([BI" + view + ")V", false);
			}
			offset += width(t);
		}
		mv.visitInsn(Opcodes.RETURN);
		mv.visitMaxs(0, 0);
		mv.visitEnd();
	}

	private static void readPrimitives(ClassWriter cw, Field[] primitives, int firstSetter) {
		MethodVisitor mv = cw.visitMethod(0, "readPrimitives", "(Ljava/lang/Object;L" + SOURCE + ";)V", null, null);
		mv.visitCode();
		startBlock(mv, SOURCE, "take", primitives);
		int offset = 0;
		for (int i = 0; i < primitives.length; i++) {
			Class<?> t = primitives[i].getType();
			String view = viewType(t);
			classData(mv, firstSetter + i, MH);
			mv.visitVarInsn(Opcodes.ALOAD, 1);
			if (view == null) {
				mv.visitVarInsn(Opcodes.ALOAD, 4);
				arrayIndex(mv, offset);
				mv.visitInsn(Opcodes.BALOAD);
				if (t == boolean.class) {
					normalizeBoolean(mv);
				}
			}
			else {
				classData(mv, viewIndex(t), VH);
				mv.visitVarInsn(Opcodes.ALOAD, 4);
				arrayIndex(mv, offset);
				mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, VH, "get", "([BI)" + view, false);
				if (t == char.class) {
					mv.visitInsn(Opcodes.I2C);
				}
				else if (t == float.class) {
					mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
				}
				else if (t == double.class) {
					mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
				}
			}
			mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MH, "invokeExact",
					"(Ljava/lang/Object;" + Type.getDescriptor(t) + ")V", false);
			offset += width(t);
		}
		mv.visitInsn(Opcodes.RETURN);
		mv.visitMaxs(0, 0);
		mv.visitEnd();
	}

	private static void get(ClassWriter cw, int count, int firstGetter) {
		MethodVisitor mv = cw.visitMethod(0, "get", "(Ljava/lang/Object;I)Ljava/lang/Object;", null, null);
		mv.visitCode();
		Label[] cases = switchOnIndex(mv, count);
		for (int i = 0; i < count; i++) {
			mv.visitLabel(cases[i]);
			classData(mv, firstGetter + i, MH);
			mv.visitVarInsn(Opcodes.ALOAD, 1);
			mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MH, "invokeExact", "(Ljava/lang/Object;)Ljava/lang/Object;",
					false);
			mv.visitInsn(Opcodes.ARETURN);
		}
		mv.visitMaxs(0, 0);
		mv.visitEnd();
	}

	private static void set(ClassWriter cw, int count, int firstSetter) {
		MethodVisitor mv = cw.visitMethod(0, "set", "(Ljava/lang/Object;ILjava/lang/Object;)V", null, null);
		mv.visitCode();
		Label[] cases = switchOnIndex(mv, count);
		for (int i = 0; i < count; i++) {
			mv.visitLabel(cases[i]);
			classData(mv, firstSetter + i, MH);
			mv.visitVarInsn(Opcodes.ALOAD, 1);
			mv.visitVarInsn(Opcodes.ALOAD, 3);
			mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, MH, "invokeExact", "(Ljava/lang/Object;Ljava/lang/Object;)V",
					false);
			mv.visitInsn(Opcodes.RETURN);
		}
		mv.visitMaxs(0, 0);
		mv.visitEnd();
	}

	/**
	 * A switch on the index argument (local 2) with one label per field; any other index
	 * throws {@link IndexOutOfBoundsException}.
	 */
	private static Label[] switchOnIndex(MethodVisitor mv, int count) {
		Label outOfBounds = new Label();
		Label[] cases = new Label[count];
		for (int i = 0; i < count; i++) {
			cases[i] = new Label();
		}
		if (count > 0) {
			mv.visitVarInsn(Opcodes.ILOAD, 2);
			mv.visitTableSwitchInsn(0, count - 1, outOfBounds, cases);
		}
		mv.visitLabel(outOfBounds);
		mv.visitTypeInsn(Opcodes.NEW, "java/lang/IndexOutOfBoundsException");
		mv.visitInsn(Opcodes.DUP);
		mv.visitVarInsn(Opcodes.ILOAD, 2);
		mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/IndexOutOfBoundsException", "<init>", "(I)V", false);
		mv.visitInsn(Opcodes.ATHROW);
		return cases;
	}

	/**
	 * Claims the primitive block (sink {@code reserve} or source {@code take}) into
	 * locals 3 (offset) and 4 (array); the array is taken after the claim, as a stream
	 * source's array grows when bytes arrive.
	 */
	private static void startBlock(MethodVisitor mv, String io, String claim, Field[] primitives) {
		if (primitives.length == 0) {
			return;
		}
		mv.visitVarInsn(Opcodes.ALOAD, 2);
		mv.visitLdcInsn(blockSize(primitives));
		mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, io, claim, "(I)I", false);
		mv.visitVarInsn(Opcodes.ISTORE, 3);
		mv.visitVarInsn(Opcodes.ALOAD, 2);
		mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, io, "array", "()[B", false);
		mv.visitVarInsn(Opcodes.ASTORE, 4);
	}

	/**
	 * The value type of the little-endian array view a field type is stored with, or null
	 * for the one-byte types, stored directly.
	 */
	private static String viewType(Class<?> t) {
		if (t == short.class || t == char.class) {
			return "S";
		}
		if (t == int.class || t == float.class) {
			return "I";
		}
		return (t == long.class || t == double.class) ? "J" : null;
	}

	private static int viewIndex(Class<?> t) {
		if (t == short.class || t == char.class) {
			return SHORT_VIEW;
		}
		return (t == int.class || t == float.class) ? INT_VIEW : LONG_VIEW;
	}

	/** Pushes element {@code index} of the class data, a constant the JIT folds. */
	private static void classData(MethodVisitor mv, int index, String type) {
		mv.visitLdcInsn(new ConstantDynamic("_", "L" + type + ";", CLASS_DATA_AT, index));
	}

	private static void arrayIndex(MethodVisitor mv, int offset) {
		mv.visitVarInsn(Opcodes.ILOAD, 3);
		if (offset != 0) {
			mv.visitLdcInsn(offset);
			mv.visitInsn(Opcodes.IADD);
		}
	}

	/** Any non-zero int to 1, without a branch: {@code (v | -v) >>> 31}. */
	private static void normalizeBoolean(MethodVisitor mv) {
		mv.visitInsn(Opcodes.DUP);
		mv.visitInsn(Opcodes.INEG);
		mv.visitInsn(Opcodes.IOR);
		mv.visitIntInsn(Opcodes.BIPUSH, 31);
		mv.visitInsn(Opcodes.IUSHR);
	}

}
