package io.cloudpickle.internal.codec;

import java.io.Serializable;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaConversionException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.classtable.ShippedClassLoader;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;
import io.cloudpickle.internal.io.PrintableNames;
import io.cloudpickle.internal.lambda.PlainLambdas;

/**
 * Our own lambda record: capturing class, functional interface, SAM name and descriptor,
 * implementation kind, class, name and descriptor, instantiated type, marker interfaces
 * and captured arguments. The receiver rebuilds the lambda with {@link LambdaMetafactory}
 * through a full-privilege lookup on the capturing class, so it does not depend on
 * javac's {@code $deserializeLambda$} switch. The lambda proxy itself (a hidden class)
 * never travels.
 */
final class LambdaCodec {

	private static final int MAX_NAME = 65_535;

	/**
	 * Lambda proxies' writeReplace, made accessible; null if the lambda is not
	 * serializable.
	 */
	private static final ClassValue<Method> WRITE_REPLACE = new ClassValue<>() {
		@Override
		protected Method computeValue(Class<?> type) {
			try {
				Method m = type.getDeclaredMethod("writeReplace");
				m.setAccessible(true);
				return m;
			}
			catch (NoSuchMethodException | InaccessibleObjectException ex) {
				return null;
			}
		}
	};

	/**
	 * Factories for rebuilt lambdas, per capturing class, so the warm path spins nothing.
	 */
	private static final ClassValue<Map<FactoryKey, MethodHandle>> FACTORIES = new ClassValue<>() {
		@Override
		protected Map<FactoryKey, MethodHandle> computeValue(Class<?> type) {
			return new ConcurrentHashMap<>();
		}
	};

	/**
	 * What a cached factory was spun for. Classes are compared by identity, not by name:
	 * a payload may name a functional interface, implementation class or marker that is a
	 * same-named copy from a bundle loader, and the factory spun for it must not serve a
	 * later load whose classes are the originals.
	 */
	private record FactoryKey(Class<?> functionalInterface, String samName, String samDesc, int implKind,
			Class<?> implClass, String implName, String implDesc, String instantiatedDesc, int capturedCount,
			List<Class<?>> markers) {
	}

	private LambdaCodec() {
	}

	static boolean isLambda(Class<?> type) {
		return type.isHidden() && type.getName().contains("$$Lambda");
	}

	/**
	 * Whether the record can be taken from outside (serializable lambda in an open
	 * package).
	 */
	static boolean isReadable(Class<?> type) {
		return WRITE_REPLACE.get(type) != null;
	}

	static boolean isSerializable(Class<?> type) {
		for (Class<?> c = type; c != null; c = c.getSuperclass()) {
			try {
				c.getDeclaredMethod("writeReplace");
				return true;
			}
			catch (NoSuchMethodException ex) {
				// keep looking
			}
		}
		return false;
	}

	/**
	 * Everything about a lambda class that does not change between its instances, taken
	 * once from its {@code writeReplace}, plus its captured-value fields; later instances
	 * are written without calling writeReplace.
	 */
	private record Shape(Class<?> capturing, Class<?> functionalInterface, String samName, String samDesc, int implKind,
			Class<?> implClass, String implName, String implDesc, String instantiatedDesc, Class<?>[] markers,
			Field[] capturedFields, byte[] samStrings, byte[] implStrings) {

		Shape(Class<?> capturing, Class<?> functionalInterface, String samName, String samDesc, int implKind,
				Class<?> implClass, String implName, String implDesc, String instantiatedDesc, Class<?>[] markers,
				Field[] capturedFields) {
			this(capturing, functionalInterface, samName, samDesc, implKind, implClass, implName, implDesc,
					instantiatedDesc, markers, capturedFields, encoded(samName, samDesc),
					encoded(implName, implDesc, instantiatedDesc));
		}

		/**
		 * The record's strings as they go on the wire, encoded once per lambda class
		 * rather than once per payload.
		 */
		private static byte[] encoded(String... strings) {
			ByteSink out = new ByteSink(64);
			for (String s : strings) {
				out.writeString(s);
			}
			return out.toByteArray();
		}

	}

	private static final ClassValue<Shape[]> SHAPES = new ClassValue<>() {
		@Override
		protected Shape[] computeValue(Class<?> type) {
			return new Shape[1];
		}
	};

	/** Writes the {@code LAMBDA} record: the lambda's block, then its captured values. */
	static void write(Object value, Plan plan, ObjectWriter writer) {
		writer.assignId(value);
		List<Object> captured = new ArrayList<>();
		writeBlock(value, writer.scratch(), captured, writer);
		writer.out().writeByte(Tag.LAMBDA.code);
		writer.writeBlock(captured, (i) -> "captured arg " + (i + 1));
	}

	/**
	 * Reads a {@code LAMBDA} record; the lambda is rebuilt once its captured values are
	 * read.
	 */
	static Object read(ObjectReader reader) {
		ByteSource block = reader.readBlock();
		int count = reader.readCount("lambda captures");
		return reader.buildFromChildren(reader.registerUnderConstruction(), count, "lambda",
				(children) -> rebuild(block, children, reader));
	}

	static void writeBlock(Object lambda, ByteSink out, List<Object> captured, WriteContext context) {
		Shape[] slot = SHAPES.get(lambda.getClass());
		Shape shape = slot[0];
		Object[] values = (shape != null) ? capturedValues(shape, lambda) : null;
		if (values == null && shape == null && !isReadable(lambda.getClass())) {
			shape = plainShape(lambda.getClass());
			slot[0] = shape;
			values = capturedValues(shape, lambda);
		}
		if (values == null) {
			SerializedLambda sl = serializedLambda(lambda);
			values = new Object[sl.getCapturedArgCount()];
			for (int i = 0; i < values.length; i++) {
				values[i] = sl.getCapturedArg(i);
			}
			if (shape == null) {
				shape = shapeOf(lambda, sl, values);
				slot[0] = shape;
			}
		}
		captured.addAll(Arrays.asList(values));
		out.writeVarInt(context.classId(shape.capturing()));
		out.writeVarInt(context.classId(shape.functionalInterface()));
		out.writeBytes(shape.samStrings());
		out.writeByte(shape.implKind());
		out.writeVarInt(context.classId(shape.implClass()));
		out.writeBytes(shape.implStrings());
		out.writeVarInt(shape.markers().length);
		for (Class<?> marker : shape.markers()) {
			out.writeVarInt(context.classId(marker));
		}
	}

	private static SerializedLambda serializedLambda(Object lambda) {
		try {
			return (SerializedLambda) WRITE_REPLACE.get(lambda.getClass()).invoke(lambda);
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new PickleException("cannot read the lambda record of " + lambda.getClass().getName(), ex);
		}
	}

	/**
	 * The captured values read from the proxy's fields, or null when they must come from
	 * writeReplace.
	 */
	private static Object[] capturedValues(Shape shape, Object lambda) {
		Field[] fields = shape.capturedFields();
		if (fields == null) {
			return null;
		}
		Object[] values = new Object[fields.length];
		try {
			for (int i = 0; i < fields.length; i++) {
				values[i] = fields[i].get(lambda);
			}
			return values;
		}
		catch (IllegalAccessException ex) {
			return null;
		}
	}

	private static Shape shapeOf(Object lambda, SerializedLambda sl, Object[] values) {
		Class<?> proxy = lambda.getClass();
		Class<?> capturing = proxy.getNestHost();
		ClassLoader loader = capturing.getClassLoader();
		if (!capturing.getName().equals(sl.getCapturingClass().replace('/', '.'))) {
			capturing = load(sl.getCapturingClass(), loader);
		}
		Class<?> functionalInterface = load(sl.getFunctionalInterfaceClass(), loader);
		List<Class<?>> markers = new ArrayList<>();
		for (Class<?> extra : proxy.getInterfaces()) {
			if (extra != functionalInterface && extra != Serializable.class) {
				markers.add(extra);
			}
		}
		return new Shape(capturing, functionalInterface, sl.getFunctionalInterfaceMethodName(),
				sl.getFunctionalInterfaceMethodSignature(), sl.getImplMethodKind(), load(sl.getImplClass(), loader),
				sl.getImplMethodName(), sl.getImplMethodSignature(), sl.getInstantiatedMethodType(),
				markers.toArray(new Class<?>[0]), capturedFields(lambda, values));
	}

	/**
	 * The shape of a plain lambda, read from its hidden class and its capturing class's
	 * call site (no writeReplace to ask).
	 */
	private static Shape plainShape(Class<?> proxy) {
		PlainLambdas.Shape plain = PlainLambdas.shapeOf(proxy);
		List<Class<?>> markers = new ArrayList<>();
		for (Class<?> extra : proxy.getInterfaces()) {
			if (extra != plain.functionalInterface() && extra != Serializable.class) {
				markers.add(extra);
			}
		}
		return new Shape(plain.capturing(), plain.functionalInterface(), plain.samName(), plain.samDescriptor(),
				plain.implKind(), plain.implClass(), plain.implName(), plain.implDescriptor(),
				plain.instantiatedDescriptor(), markers.toArray(new Class<?>[0]), plain.capturedFields());
	}

	/**
	 * The proxy's captured-value fields in capture order, or null if they cannot be
	 * matched with certainty (then every write asks writeReplace). The JDK names them
	 * {@code arg$1}, {@code arg$2}, ... in capture order.
	 */
	private static Field[] capturedFields(Object lambda, Object[] expected) {
		Class<?> proxy = lambda.getClass();
		Field[] fields = new Field[expected.length];
		int found = 0;
		for (Field field : proxy.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			String name = field.getName();
			if (!name.startsWith("arg$")) {
				return null;
			}
			int index;
			try {
				index = Integer.parseInt(name.substring(4)) - 1;
			}
			catch (NumberFormatException ex) {
				return null;
			}
			if (index < 0 || index >= fields.length || fields[index] != null) {
				return null;
			}
			try {
				field.setAccessible(true);
				Object value = field.get(lambda);
				boolean same = (value == expected[index])
						|| (field.getType().isPrimitive() && value != null && value.equals(expected[index]));
				if (!same) {
					return null;
				}
			}
			catch (InaccessibleObjectException | IllegalAccessException ex) {
				return null;
			}
			fields[index] = field;
			found++;
		}
		return (found == fields.length) ? fields : null;
	}

	private static Class<?> load(String internalName, ClassLoader loader) {
		try {
			return Class.forName(internalName.replace('/', '.'), false, loader);
		}
		catch (ClassNotFoundException ex) {
			throw new PickleException("cannot load " + internalName + " named by a lambda", ex);
		}
	}

	/** Rebuilds a lambda from its record (in {@code block}) and captured arguments. */
	static Object rebuild(ByteSource block, Object[] captured, ReadContext context) {
		int start = block.position();
		int length = block.remaining();
		Class<?> capturing = context.lambdaClassAt(block.readVarInt());
		LambdaRecipes recipes = LambdaRecipes.of(capturing);
		LambdaRecipes.Recipe recipe = recipes.find(block.array(), start, length, captured.length, context);
		if (recipe != null) {
			context.usesLambda(capturing, recipe.implKind, recipe.implClass, recipe.implName, recipe.implDesc);
			try {
				return recipe.newLambda(captured);
			}
			catch (Throwable ex) {
				throw new PickleException("cannot rebuild lambda " + capturing.getName() + "." + recipe.implName
						+ " as " + recipe.functionalInterface.getName() + ": " + ex, ex);
			}
		}
		Class<?> functionalInterface = context.classAt(block.readVarInt());
		String samName = block.readString(MAX_NAME);
		String samDesc = block.readString(MAX_NAME);
		int implKind = block.readUnsignedByte();
		Class<?> implClass = context.lambdaClassAt(block.readVarInt());
		String implName = block.readString(MAX_NAME);
		String implDesc = block.readString(MAX_NAME);
		String instantiatedDesc = block.readString(MAX_NAME);
		int markerCount = block.readVarInt();
		block.requireAvailable(markerCount, 1, "lambda marker interfaces");
		Class<?>[] markers = new Class<?>[markerCount];
		for (int i = 0; i < markerCount; i++) {
			markers[i] = context.classAt(block.readVarInt());
		}
		context.usesLambda(capturing, implKind, implClass, implName, implDesc);
		if (!functionalInterface.isInterface()) {
			throw new PickleException(
					"payload is corrupt: lambda type " + functionalInterface.getName() + " is not an interface");
		}
		FactoryKey key = new FactoryKey(functionalInterface, samName, samDesc, implKind, implClass, implName, implDesc,
				instantiatedDesc, captured.length, List.of(markers));
		Map<FactoryKey, MethodHandle> factories = FACTORIES.get(capturing);
		MethodHandle factory = factories.get(key);
		if (factory == null) {
			// Judged once per distinct record: a cached factory's key holds the same
			// strings.
			for (String name : new String[] { samName, samDesc, implName, implDesc, instantiatedDesc }) {
				PrintableNames.require(name, "lambda method name or descriptor");
			}
			factory = spin(capturing, functionalInterface, samName, samDesc, implKind, implClass, implName, implDesc,
					instantiatedDesc, markers, captured.length);
			if (factory != null) {
				factories.put(key, factory);
			}
		}
		if (factory != null) {
			recipes.add(new LambdaRecipes.Recipe(Arrays.copyOfRange(block.array(), start, start + length),
					functionalInterface, implClass, markers, captured.length, implKind, implName, implDesc, factory));
		}
		try {
			if (factory != null) {
				return factory.invokeWithArguments(captured);
			}
			return viaDeserializeLambda(capturing, functionalInterface, samName, samDesc, implKind, implClass, implName,
					implDesc, instantiatedDesc, captured);
		}
		catch (PickleException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new PickleException("cannot rebuild lambda " + capturing.getName() + "." + implName + " as "
					+ functionalInterface.getName() + ": " + ex, ex);
		}
	}

	private static MethodHandle spin(Class<?> capturing, Class<?> functionalInterface, String samName, String samDesc,
			int implKind, Class<?> implClass, String implName, String implDesc, String instantiatedDesc,
			Class<?>[] markers, int capturedCount) {
		MethodHandles.Lookup lookup = fullPrivilegeLookup(capturing);
		if (lookup == null) {
			return null;
		}
		ClassLoader loader = capturing.getClassLoader();
		try {
			MethodType samType = MethodType.fromMethodDescriptorString(samDesc, loader);
			MethodType implType = MethodType.fromMethodDescriptorString(implDesc, loader);
			MethodType instantiated = MethodType.fromMethodDescriptorString(instantiatedDesc, loader);
			MethodHandle impl = switch (implKind) {
				case MethodHandleInfo.REF_invokeStatic -> lookup.findStatic(implClass, implName, implType);
				case MethodHandleInfo.REF_invokeVirtual, MethodHandleInfo.REF_invokeInterface ->
					lookup.findVirtual(implClass, implName, implType);
				case MethodHandleInfo.REF_invokeSpecial -> lookup.findSpecial(implClass, implName, implType, capturing);
				case MethodHandleInfo.REF_newInvokeSpecial -> lookup.findConstructor(implClass, implType);
				default ->
					throw new PickleException("payload is corrupt: unknown lambda implementation kind " + implKind);
			};
			List<Class<?>> params = impl.type().parameterList();
			if (capturedCount > params.size()) {
				throw new PickleException("payload is corrupt: lambda captures " + capturedCount + " values but "
						+ implName + " takes " + params.size());
			}
			MethodType factoryType = MethodType.methodType(functionalInterface, params.subList(0, capturedCount));
			int flags = LambdaMetafactory.FLAG_SERIALIZABLE
					| ((markers.length > 0) ? LambdaMetafactory.FLAG_MARKERS : 0);
			List<Object> args = new ArrayList<>(List.of(samType, impl, instantiated, flags));
			if (markers.length > 0) {
				args.add(markers.length);
				args.addAll(List.of(markers));
			}
			CallSite site = LambdaMetafactory.altMetafactory(lookup, samName, factoryType, args.toArray());
			return site.getTarget();
		}
		catch (NoSuchMethodException | IllegalAccessException | LambdaConversionException | TypeNotPresentException
				| IllegalArgumentException ex) {
			throw new PickleException("cannot rebuild lambda " + capturing.getName() + "." + implName + implDesc
					+ " as " + functionalInterface.getName() + ": " + ex, ex);
		}
	}

	/**
	 * A lookup with full privileges on {@code type}, or null if the JVM's module rules do
	 * not give us one.
	 */
	private static MethodHandles.Lookup fullPrivilegeLookup(Class<?> type) {
		if (type.getClassLoader() instanceof ShippedClassLoader loader) {
			return loader.lookupFor(type);
		}
		try {
			MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
			return lookup.hasFullPrivilegeAccess() ? lookup : null;
		}
		catch (IllegalAccessException ex) {
			return null;
		}
	}

	/**
	 * For capturing classes in another module: ask the class itself, as Java
	 * serialization does.
	 */
	private static Object viaDeserializeLambda(Class<?> capturing, Class<?> functionalInterface, String samName,
			String samDesc, int implKind, Class<?> implClass, String implName, String implDesc, String instantiatedDesc,
			Object[] captured) throws ReflectiveOperationException {
		SerializedLambda sl = new SerializedLambda(capturing, functionalInterface.getName().replace('.', '/'), samName,
				samDesc, implKind, implClass.getName().replace('.', '/'), implName, implDesc, instantiatedDesc,
				captured);
		Method deserialize;
		try {
			deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
			deserialize.setAccessible(true);
		}
		catch (NoSuchMethodException | InaccessibleObjectException ex) {
			throw new PickleException("cannot rebuild a lambda of " + capturing.getName()
					+ ": no full-privilege lookup on it and no accessible $deserializeLambda$", ex);
		}
		try {
			return deserialize.invoke(null, sl);
		}
		catch (InvocationTargetException ex) {
			throw new PickleException(
					"$deserializeLambda$ of " + capturing.getName() + " refused the lambda: " + ex.getCause(),
					ex.getCause());
		}
	}

}
