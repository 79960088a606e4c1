package io.cloudpickle.internal.classtable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cloudpickle.ClassFilter;
import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.ClassesMissingException;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.internal.io.ByteSource;
import io.cloudpickle.internal.io.PrintableNames;
import io.cloudpickle.internal.policy.PackageNames;
import io.cloudpickle.internal.scan.ClassCode;
import io.cloudpickle.internal.scan.ClassFile;
import io.cloudpickle.internal.scan.CodeJudge;
import io.cloudpickle.internal.scan.ReachableCode;

/**
 * The receiver's class table: reads the bundle and the class names, installs the bundle
 * in the {@link BundleLoaders}, and resolves names lazily: shipped names from the
 * bundle's loader, others from the receiver's own loader. With a filter that judges code
 * by what a payload reaches ({@link CodeJudge}), each shipped class handed out for use,
 * and each lambda rebuilt, is judged first ({@link ReachableCode}).
 */
public final class ReadClassTable {

	private static final int SHA256_BYTES = 32;

	private static final String[] NO_NAMES = {};

	/**
	 * The fewest bytes a bundle entry takes: package, simple name (length and one byte),
	 * digest, class file length.
	 */
	public static final int MIN_BUNDLE_ENTRY = 1 + 2 + SHA256_BYTES + 1;

	private static final int MAX_NAME_BYTES = ClassEntries.MAX_NAME_BYTES;

	private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte", byte.class, "char",
			char.class, "short", short.class, "int", int.class, "long", long.class, "float", float.class, "double",
			double.class, "void", void.class);

	/**
	 * The class entries: a {@link WellKnown}, a {@link ResolvedNames.Name} (a class by
	 * reference), a {@link Shipped} or an {@link ArrayOf} one of those.
	 */
	private final Object[] entries;

	private final Class<?>[] resolved;

	/** Names of the bundle; empty when nothing is shipped. */
	private final Set<String> shippedNames;

	private final ShippedClassLoader bundleLoader;

	private final ClassLoader loader;

	private final ClassFilter filter;

	private final ResolvedNames resolvedNames;

	/** Judges the uses of shipped classes; null when nothing is to be judged. */
	private ReachableCode reachable;

	/** Which entries of the table were judged as used. */
	private final boolean[] used;

	/** Our own classes, when the payload ships nothing but classes this JVM sent out. */
	private Map<String, Class<?>> origins = Map.of();

	private ReadClassTable(Object[] entries, Set<String> shippedNames, ShippedClassLoader bundleLoader,
			ClassLoader loader, ClassFilter filter, ResolvedNames resolvedNames) {
		this.resolvedNames = resolvedNames;
		this.entries = entries;
		this.resolved = new Class<?>[entries.length];
		this.used = new boolean[entries.length];
		this.shippedNames = shippedNames;
		this.bundleLoader = bundleLoader;
		this.loader = loader;
		this.filter = filter;
	}

	/** A well-known class, one instance per id. */
	private record WellKnown(int id, String name) {

		private static final WellKnown[] BY_ID = new WellKnown[256];

		static {
			for (int i = 0; i < WellKnownClasses.size(); i++) {
				int id = WellKnownClasses.FIRST_ID + i;
				BY_ID[id] = new WellKnown(id, WellKnownClasses.nameOf(id));
			}
		}

	}

	/** The class of a bundle entry. */
	private record Shipped(String name) {
	}

	/** An array class of an element entry. */
	private record ArrayOf(int dimensions, Object element) {
	}

	/**
	 * Reads the class table.
	 * @param maxMajor the class file version the header announced, checked against each
	 * shipped class
	 * @param refuseShadowing whether a shipped class whose name the receiver's own loader
	 * already has (or that lies in a package reserved for the receiver: {@code java.*},
	 * {@code io.cloudpickle.*}, ...) is refused rather than defined side by side with the
	 * receiver's class
	 * @param returnOwnClasses whether a bundle of nothing but classes this JVM shipped
	 * out resolves to those classes
	 */
	public static ReadClassTable read(ByteSource in, int maxMajor, PickleLimits limits, ClassFilter filter,
			BundleLoaders space, ClassLoader loader, ResolvedNames resolvedNames, boolean refuseShadowing,
			boolean returnOwnClasses) {
		int bundleSize = in.readVarInt();
		if (bundleSize > limits.maxClasses()) {
			throw new PickleLimitException(PickleLimit.MAX_CLASSES,
					"payload ships " + bundleSize + " classes, over the limit maxClasses=" + limits.maxClasses());
		}
		in.requireAvailable(bundleSize, MIN_BUNDLE_ENTRY, "class bundle");
		ReadPackages packages = new ReadPackages();
		ResolvedNames.Table names = resolvedNames.table(loader);
		List<ShippedClass> bundle = (bundleSize == 0) ? List.of() : new ArrayList<>(bundleSize);
		String[] bundleNames = (bundleSize == 0) ? NO_NAMES : new String[bundleSize];
		List<ClassesMissingException.MissingClass> missing = null;
		Set<String> shippedNames = (bundleSize == 0) ? Set.of() : new HashSet<>();
		long classBytes = 0;
		for (int i = 0; i < bundleSize; i++) {
			// through the pickler's name cache: a warm peer meets the same bundle names
			// again
			String name = packages.readReference(in, names, "shipped class name").name;
			bundleNames[i] = name;
			byte[] sha = in.readBytes(SHA256_BYTES);
			byte[] bytes = in.readBlob((int) Math.min(Integer.MAX_VALUE, limits.maxClassBytes()), "class file " + name,
					PickleLimit.MAX_CLASS_BYTES);
			if (!shippedNames.add(name)) {
				throw new PickleException("payload is corrupt: class " + name + " is shipped twice");
			}
			if (bytes.length == 0) {
				// Named by hash only: the sender was told this receiver holds it.
				if (missing == null) {
					missing = new ArrayList<>();
				}
				bytes = HeldClasses.lookUp(space, name, sha, missing);
				if (bytes == null) {
					checkAllowed(filter, name);
					continue;
				}
			}
			classBytes += bytes.length;
			if (classBytes > limits.maxClassBytes()) {
				throw new PickleLimitException(PickleLimit.MAX_CLASS_BYTES, "payload ships more than "
						+ limits.maxClassBytes() + " bytes of classes, over the limit maxClassBytes");
			}
			int major = ClassFile.majorVersion(bytes, name);
			if (major > maxMajor) {
				throw new PickleException("payload is corrupt: class " + name + " has version " + major
						+ " but the header announced at most " + maxMajor);
			}
			checkAllowed(filter, name);
			bundle.add(new ShippedClass(name, sha, bytes));
		}
		if (missing != null && !missing.isEmpty()) {
			throw new ClassesMissingException(missing);
		}
		// Hashes first: a corrupt class file is "corrupt", not a bytecode refusal,
		// whatever its bytes parse as.
		space.verifyHashes(bundle);
		ReachableCode reachable = judgeClassFiles(filter, bundle);
		int count = in.readVarInt();
		if (count > limits.maxObjects()) {
			throw new PickleLimitException(PickleLimit.MAX_OBJECTS,
					"class table of " + count + " names exceeds the limit maxObjects=" + limits.maxObjects());
		}
		in.requireAvailable(count, 1, "class table");
		Object[] entries = new Object[count];
		for (int i = 0; i < count; i++) {
			entries[i] = readEntry(in, i, packages, names, bundleNames);
		}
		if (filter != ClassFilter.ALLOW_ALL) {
			// Every by-reference class is judged before anything is defined or loaded;
			// resolve() judges names met later, inside nested JDK streams.
			for (Object entry : entries) {
				Object element = (entry instanceof ArrayOf array) ? array.element() : entry;
				if (element instanceof ResolvedNames.Name name) {
					if (!shippedNames.contains(name.name)) {
						ResolvedNames.requireAllowed(filter, name);
					}
				}
				else if (element instanceof WellKnown wellKnown && !WellKnownClasses.isPrimitive(wellKnown.id())) {
					resolvedNames.requireAllowedWellKnown(filter, wellKnown.id());
				}
			}
		}
		if (returnOwnClasses && !bundle.isEmpty() && ShippedOrigins.allOrigins(bundle)) {
			// Classes this JVM shipped out are coming back: use the originals (this is no
			// shadowing).
			Map<String, Class<?>> origins = new HashMap<>();
			for (ShippedClass shipped : bundle) {
				origins.put(shipped.name(), ShippedOrigins.originOf(shipped));
			}
			ReadClassTable table = new ReadClassTable(entries, Set.of(), null, loader, filter, resolvedNames);
			table.origins = origins;
			table.reachable = reachable;
			return table;
		}
		if (refuseShadowing) {
			for (ShippedClass shipped : bundle) {
				ShadowCheck.requireNotShadowing(shipped.name(), loader);
			}
		}
		ShippedClassLoader bundleLoader = bundle.isEmpty() ? null
				: space.installVerified(bundle, loader, JShellVariables.carriedBy(bundle));
		ReadClassTable table = new ReadClassTable(entries, shippedNames, bundleLoader, loader, filter, resolvedNames);
		table.reachable = reachable;
		return table;
	}

	/** Reads class entry {@code index}: its kind byte, then what that kind needs. */
	private static Object readEntry(ByteSource in, int index, ReadPackages packages, ResolvedNames.Table names,
			String[] bundleNames) {
		int kind = in.readUnsignedByte();
		if (kind != ClassEntries.ARRAY) {
			return readElement(in, kind, index, packages, names, bundleNames);
		}
		int dimensions = in.readUnsignedByte();
		if (dimensions == 0) {
			throw new PickleException("payload is corrupt: class entry " + index + " is an array of 0 dimensions");
		}
		int elementKind = in.readUnsignedByte();
		if (elementKind == ClassEntries.ARRAY) {
			throw new PickleException(
					"payload is corrupt: class entry " + index + " is an array whose element is again an array");
		}
		Object element = readElement(in, elementKind, index, packages, names, bundleNames);
		if (element instanceof WellKnown wellKnown && wellKnown.name().equals("void")) {
			throw new PickleException("payload is corrupt: class entry " + index + " is an array of void");
		}
		return new ArrayOf(dimensions, element);
	}

	private static Object readElement(ByteSource in, int kind, int index, ReadPackages packages,
			ResolvedNames.Table names, String[] bundleNames) {
		if (kind == ClassEntries.NAMED) {
			return packages.readReference(in, names);
		}
		if (kind == ClassEntries.SHIPPED) {
			int shipped = in.readVarInt();
			if (shipped >= bundleNames.length) {
				throw new PickleException("payload is corrupt: class entry " + index + " names bundle entry " + shipped
						+ " but the bundle has " + bundleNames.length);
			}
			return new Shipped(bundleNames[shipped]);
		}
		if (!WellKnownClasses.isId(kind)) {
			throw new PickleException("payload is corrupt: class entry " + index + " has the unknown kind or"
					+ " well-known class id 0x" + Integer.toHexString(kind));
		}
		return WellKnown.BY_ID[kind];
	}

	/**
	 * Judges every shipped class file before anything is defined: as a whole through
	 * {@link ClassFilter#checkClassFile}, or, with a {@link CodeJudge}, structurally now
	 * and by what the payload reaches as it is read.
	 * @return the judge of the payload's uses, or null
	 */
	private static ReachableCode judgeClassFiles(ClassFilter filter, List<ShippedClass> bundle) {
		if (!(filter instanceof CodeJudge judge)) {
			for (ShippedClass shipped : bundle) {
				filter.checkClassFile(shipped.name(), shipped.sha256(), shipped.bytes());
			}
			return null;
		}
		Map<String, ClassCode> code = new HashMap<>();
		for (ShippedClass shipped : bundle) {
			code.put(shipped.name().replace('.', '/'),
					judge.inspect(shipped.name(), shipped.sha256(), shipped.bytes()));
		}
		String deniesAt = judge.deniesAt();
		return (deniesAt == null || bundle.isEmpty()) ? null : new ReachableCode(code, deniesAt);
	}

	private static void checkAllowed(ClassFilter filter, String name) {
		if (!filter.allowByValue(name)) {
			throw new ClassRefusedException(name,
					"class " + name + " was shipped by value but is not allowed by the class filter");
		}
	}

	public int size() {
		return this.entries.length;
	}

	/** The class at {@code index}, loading or defining it on first use. */
	public Class<?> get(int index) {
		if (index < 0 || index >= this.entries.length) {
			throw new PickleException(
					"payload is corrupt: class index " + index + " outside the class table of " + this.entries.length);
		}
		if (!this.used[index]) {
			if (this.entries[index] instanceof Shipped shipped) {
				judgeUse(shipped.name());
			}
			this.used[index] = true;
		}
		Class<?> type = this.resolved[index];
		if (type == null) {
			// The class filter judged every by-reference class of the table when it was
			// read.
			type = resolveEntry(this.entries[index]);
			this.resolved[index] = type;
		}
		return type;
	}

	/**
	 * Resolves a binary name the way payload classes are resolved (also used for nested
	 * JDK streams).
	 */
	public Class<?> resolve(String name) {
		// Names from nested JDK streams were not read through the class table's checks.
		judgeUse(PrintableNames.require(name, "class name"));
		return resolve(name, false);
	}

	/**
	 * The class at {@code index} as a lambda record's capturing or implementation class:
	 * not judged as a used class, since a lambda uses only its implementation method of
	 * it; the caller judges the lambda with {@link #usesLambda} before building it.
	 */
	public Class<?> getForLambda(int index) {
		if (index < 0 || index >= this.entries.length) {
			return get(index);
		}
		Class<?> type = this.resolved[index];
		if (type == null) {
			type = resolveEntry(this.entries[index]);
			this.resolved[index] = type;
		}
		return type;
	}

	/**
	 * Resolves a class entry read from the table, whose by-reference class was judged.
	 */
	private Class<?> resolveEntry(Object entry) {
		if (entry instanceof WellKnown wellKnown) {
			Class<?> type = WellKnownClasses.classOf(wellKnown.id());
			if (type == null) {
				throw notOnClassPath(wellKnown.name(), null);
			}
			return type;
		}
		if (entry instanceof ResolvedNames.Name name) {
			if (this.shippedNames.contains(name.name)) {
				return resolve(name.name, true);
			}
			Class<?> type = name.type;
			if (type == null) {
				type = forName(name.name);
				name.type = type;
			}
			return type;
		}
		if (entry instanceof Shipped shipped) {
			return resolve(shipped.name(), true);
		}
		ArrayOf array = (ArrayOf) entry;
		Class<?> type = resolveEntry(array.element());
		for (int i = 0; i < array.dimensions(); i++) {
			type = type.arrayType();
		}
		return type;
	}

	/**
	 * Judges the code a rebuilt lambda reaches, before the lambda is built.
	 * @param implKind a {@code MethodHandleInfo.REF_*} kind
	 */
	public void usesLambda(Class<?> capturing, int implKind, Class<?> implClass, String implName,
			String implDescriptor) {
		if (this.reachable != null) {
			this.reachable.usesLambda(capturing.getName(), implKind, implClass.getName(), implName, implDescriptor);
		}
	}

	/** A shipped class is about to be handed out for use: judge what that reaches. */
	private void judgeUse(String name) {
		if (this.reachable != null && (this.shippedNames.contains(name) || this.origins.containsKey(name))) {
			this.reachable.usesClass(name);
		}
	}

	private Class<?> resolve(String name, boolean judged) {
		if (name.startsWith("[")) {
			return resolveArray(name, judged);
		}
		Class<?> primitive = PRIMITIVES.get(name);
		if (primitive != null) {
			return primitive;
		}
		Class<?> origin = this.origins.get(name);
		if (origin != null) {
			return origin;
		}
		if (this.shippedNames.contains(name)) {
			try {
				return Class.forName(name, false, this.bundleLoader);
			}
			catch (ClassNotFoundException | LinkageError ex) {
				throw new PickleException("cannot define shipped class " + name + ": " + ex, ex);
			}
		}
		if (!judged && !this.filter.allowByReference(name)) {
			throw new ClassRefusedException(name, "class " + name + " is not allowed by the class filter");
		}
		Class<?> known = this.resolvedNames.get(this.loader, name);
		if (known != null) {
			return known;
		}
		Class<?> type = forName(name);
		this.resolvedNames.put(this.loader, name, type);
		return type;
	}

	/** Loads a class named by reference through the receiver's loader. */
	private Class<?> forName(String name) {
		try {
			return Class.forName(name, false, this.loader);
		}
		catch (ClassNotFoundException | NoClassDefFoundError ex) {
			throw notOnClassPath(name, ex);
		}
		catch (LinkageError ex) {
			throw new PickleException("cannot load class " + name + ": " + ex, ex);
		}
	}

	private static PickleException notOnClassPath(String name, Throwable cause) {
		String pkg = PackageNames.packageOf(name);
		return new PickleException("class " + name + " was pickled by reference but is not on this JVM's class path;"
				+ " if the receiver cannot have it, ship it by value: call CloudPickle.registerPickleByValue(\"" + pkg
				+ "\") on the sender, or list " + pkg + " in cloudpickle.by-value-packages", cause);
	}

	private Class<?> resolveArray(String name, boolean judged) {
		int dims = 0;
		while (dims < name.length() && name.charAt(dims) == '[') {
			dims++;
		}
		if (dims > 255 || name.length() == dims) {
			throw new PickleException("payload is corrupt: bad array class name " + name);
		}
		String element = name.substring(dims);
		Class<?> type = switch (element) {
			case "Z" -> boolean.class;
			case "B" -> byte.class;
			case "C" -> char.class;
			case "S" -> short.class;
			case "I" -> int.class;
			case "J" -> long.class;
			case "F" -> float.class;
			case "D" -> double.class;
			default -> {
				if (element.length() < 3 || element.charAt(0) != 'L' || !element.endsWith(";")
						|| element.indexOf('[') >= 0 || element.indexOf(';') != element.length() - 1) {
					throw new PickleException("payload is corrupt: bad array class name " + name);
				}
				yield resolve(element.substring(1, element.length() - 1), judged);
			}
		};
		for (int i = 0; i < dims; i++) {
			type = type.arrayType();
		}
		return type;
	}

	/**
	 * Whether {@code type} is one of this JVM's own classes that the payload brought
	 * back.
	 */
	public boolean isOwnClass(Class<?> type) {
		return this.origins.get(type.getName()) == type;
	}

	/**
	 * The loader shipped classes of this payload were placed in, or null if none were
	 * shipped.
	 */
	public ShippedClassLoader bundleLoader() {
		return this.bundleLoader;
	}

}
