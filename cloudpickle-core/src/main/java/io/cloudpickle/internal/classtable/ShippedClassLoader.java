package io.cloudpickle.internal.classtable;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cloudpickle.PickleException;
import io.cloudpickle.internal.lambda.SerializableLambdaRewriter;
import io.cloudpickle.internal.policy.ReceivedClassLoader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Defines classes received by value. Child-first for the names it holds, parent-first
 * otherwise; defines lazily, once per name; serves the bytes it holds as resources so
 * received classes can be pickled onward (A → B → C).
 *
 * <p>
 * One loader holds one consistent set of classes (a name maps to exactly one hash);
 * {@link BundleLoaders} decides which loader a payload's bundle goes to.
 */
public final class ShippedClassLoader extends ClassLoader implements ReceivedClassLoader {

	static {
		registerAsParallelCapable();
	}

	private static final String LOOKUP_HELPER = "CloudPickle$$Lookup";

	private final Map<String, ShippedClass> classes = new ConcurrentHashMap<>();

	private final Map<String, MethodHandles.Lookup> lookups = new ConcurrentHashMap<>();

	private final ProtectionDomain domain;

	private final int serial;

	/** Written under the BundleLoaders lock only. */
	private volatile long bytes;

	ShippedClassLoader(ClassLoader parent, int serial) {
		super("cloudpickle-bundle-" + serial, parent);
		this.serial = serial;
		this.domain = new ProtectionDomain(new CodeSource(null, (Certificate[]) null), null, this, null);
	}

	/** The order in which the space created this loader. */
	int serial() {
		return this.serial;
	}

	/** The hash of the class this loader holds under {@code name}, or null. */
	ShippedClass get(String name) {
		return this.classes.get(name);
	}

	void add(ShippedClass shipped) {
		if (this.classes.putIfAbsent(shipped.name(), shipped) == null) {
			this.bytes += shipped.bytes().length;
		}
	}

	int size() {
		return this.classes.size();
	}

	long byteSize() {
		return this.bytes;
	}

	/** The classes this loader holds, for diagnostics. */
	public Set<ShippedClass> shippedClasses() {
		return Set.copyOf(this.classes.values());
	}

	@Override
	protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
		ShippedClass shipped = this.classes.get(name);
		if (shipped == null) {
			return super.loadClass(name, resolve);
		}
		synchronized (getClassLoadingLock(name)) {
			Class<?> type = findLoadedClass(name);
			if (type == null) {
				byte[] bytes = definedBytes(shipped.bytes());
				try {
					type = defineClass(name, bytes, 0, bytes.length, this.domain);
				}
				catch (ClassFormatError ex) {
					// The JVM names what is wrong, not where it came from: say it was a
					// shipped class.
					throw new PickleException("payload is corrupt: shipped class " + name
							+ " is not a valid class file (" + ex.getMessage() + ")", ex);
				}
			}
			if (resolve) {
				resolveClass(type);
			}
			return type;
		}
	}

	@Override
	protected Class<?> findClass(String name) throws ClassNotFoundException {
		if (this.classes.containsKey(name)) {
			return loadClass(name, false);
		}
		throw new ClassNotFoundException(name);
	}

	/**
	 * The bytes to define: the class as shipped, with its lambdas made serializable (the
	 * rewrite the agent applies on senders), so lambdas it creates here can travel on.
	 * {@link #getResourceAsStream} still serves the bytes as shipped.
	 */
	private static byte[] definedBytes(byte[] shipped) {
		byte[] rewritten;
		try {
			rewritten = SerializableLambdaRewriter.rewrite(shipped);
		}
		catch (RuntimeException ex) {
			// A class file ASM cannot parse is corrupt: defining it as shipped lets the
			// JVM refuse it, as any other corrupt class file is refused.
			return shipped;
		}
		return (rewritten != null) ? rewritten : shipped;
	}

	@Override
	public InputStream getResourceAsStream(String name) {
		ShippedClass shipped = shippedResource(name);
		return (shipped != null) ? new ByteArrayInputStream(shipped.bytes()) : super.getResourceAsStream(name);
	}

	@Override
	protected URL findResource(String name) {
		ShippedClass shipped = shippedResource(name);
		if (shipped == null) {
			return null;
		}
		try {
			return new URL(null, "cloudpickle:/" + this.serial + "/" + name, new BytesHandler(shipped.bytes()));
		}
		catch (MalformedURLException ex) {
			return null;
		}
	}

	@Override
	protected Enumeration<URL> findResources(String name) {
		URL url = findResource(name);
		return (url != null) ? Collections.enumeration(Set.of(url)) : Collections.emptyEnumeration();
	}

	private ShippedClass shippedResource(String name) {
		if (!name.endsWith(".class")) {
			return null;
		}
		return this.classes.get(name.substring(0, name.length() - 6).replace('/', '.'));
	}

	/**
	 * A full-privilege lookup on a class this loader defined, as
	 * {@code LambdaMetafactory} needs to rebuild a lambda whose implementation is
	 * private. It comes from a one-method helper class defined in the same runtime
	 * package, so no access check is bypassed.
	 */
	public MethodHandles.Lookup lookupFor(Class<?> type) {
		if (type.getClassLoader() != this) {
			throw new IllegalArgumentException(type + " was not defined by " + this);
		}
		MethodHandles.Lookup packageLookup = this.lookups.computeIfAbsent(type.getPackageName(),
				this::defineLookupHelper);
		try {
			return MethodHandles.privateLookupIn(type, packageLookup);
		}
		catch (IllegalAccessException ex) {
			throw new PickleException("cannot obtain a lookup on " + type.getName(), ex);
		}
	}

	private MethodHandles.Lookup defineLookupHelper(String packageName) {
		String name = packageName.isEmpty() ? LOOKUP_HELPER : packageName + "." + LOOKUP_HELPER;
		byte[] bytes = lookupHelperBytes(name.replace('.', '/'));
		Class<?> helper = defineClass(name, bytes, 0, bytes.length, this.domain);
		try {
			return (MethodHandles.Lookup) helper.getMethod("lookup").invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new PickleException("cannot define the lookup helper in package " + packageName, ex);
		}
	}

	private static byte[] lookupHelperBytes(String internalName) {
		ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
		cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC, internalName, null,
				"java/lang/Object", null);
		MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "lookup",
				"()Ljava/lang/invoke/MethodHandles$Lookup;", null, null);
		mv.visitCode();
		mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
				"()Ljava/lang/invoke/MethodHandles$Lookup;", false);
		mv.visitInsn(Opcodes.ARETURN);
		mv.visitMaxs(0, 0);
		mv.visitEnd();
		cw.visitEnd();
		return cw.toByteArray();
	}

	@Override
	public String toString() {
		return getName() + "[" + this.classes.size() + " classes]";
	}

	private static final class BytesHandler extends URLStreamHandler {

		private final byte[] bytes;

		BytesHandler(byte[] bytes) {
			this.bytes = bytes;
		}

		@Override
		protected URLConnection openConnection(URL url) {
			return new URLConnection(url) {
				@Override
				public void connect() {
				}

				@Override
				public InputStream getInputStream() {
					return new ByteArrayInputStream(BytesHandler.this.bytes);
				}
			};
		}

	}

}
