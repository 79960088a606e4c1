package io.cloudpickle.security;

/**
 * How strictly {@link ClassGates} judges the bytecode of classes shipped by value. Every
 * level first checks the class file's structure (ASM parses it, its access flags are
 * consistent, its name matches the name it was shipped under, it has no attribute ASM
 * cannot read). The deny-lists then refuse classes that reference certain members or
 * types, whether in an instruction, a method handle constant, an invokedynamic bootstrap
 * argument or a supertype. The full list with a reason for each entry is in
 * docs/SECURITY.md.
 *
 * <p>
 * These are defence in depth, not a sandbox: a class that passes {@link #STANDARD} can
 * still reach anything through reflection or through code already on the receiver's class
 * path.
 */
public enum BytecodeLevel {

	/** The structural check only. */
	NONE,

	/**
	 * The default: no process execution ({@code ProcessBuilder}, {@code Runtime.exec}),
	 * no ending the JVM ({@code System.exit}, {@code Runtime.exit/halt}), no native code
	 * ({@code native} methods, {@code System.load/loadLibrary},
	 * {@code Runtime.load/loadLibrary}), no {@code sun.misc.Unsafe} or
	 * {@code jdk.internal.*}, no defining further classes that escape this scan
	 * ({@code ClassLoader.defineClass}, {@code Lookup.defineClass/defineHiddenClass}, new
	 * or subclassed class loaders, {@code javax.script}, {@code java.lang.instrument}),
	 * no {@code setAccessible}, no {@code Thread.stop/suspend/resume}.
	 */
	STANDARD,

	/**
	 * {@link #STANDARD} plus: no file system access ({@code java.io.File*},
	 * {@code RandomAccessFile}, {@code java.nio.file}, {@code FileChannel}), no
	 * networking ({@code java.net}, {@code javax.net}, JNDI {@code javax.naming}), no
	 * reflection ({@code java.lang.reflect}, {@code Class.forName/getMethod/...},
	 * {@code MethodHandles.lookup} and {@code Lookup.find*}, {@code ClassLoader}), no
	 * environment or process-wide state ({@code System.getenv},
	 * {@code System.setProperty}, {@code System.setIn/setOut/setErr},
	 * {@code Runtime.addShutdownHook}). For tasks that only compute on the data they are
	 * given.
	 */
	STRICT

}
