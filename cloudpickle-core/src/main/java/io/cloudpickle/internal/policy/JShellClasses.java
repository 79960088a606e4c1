package io.cloudpickle.internal.policy;

import java.lang.reflect.Modifier;

/**
 * The one definition of JShell's classes and their top-level variables. JShell defines
 * each snippet's classes in package {@code REPL}, through its own loader; a snippet's
 * top-level variables are the non-final, non-synthetic static fields of its top-level
 * wrapper class {@code REPL.$JShell$N}.
 */
public final class JShellClasses {

	private static final String PACKAGE = "REPL";

	private static final String WRAPPER_PREFIX = PACKAGE + ".$JShell$";

	private static final String LOADER = "jdk.jshell.execution.DefaultLoaderDelegate$RemoteClassLoader";

	private JShellClasses() {
	}

	/** Whether JShell defined {@code type}. */
	public static boolean isJShellClass(Class<?> type, ClassLoader loader) {
		return type.getPackageName().equals(PACKAGE) || (loader != null && loader.getClass().getName().equals(LOADER));
	}

	/** Whether {@code binaryName} names a snippet's top-level wrapper class. */
	public static boolean isWrapper(String binaryName) {
		return binaryName.startsWith(WRAPPER_PREFIX) && binaryName.indexOf('$', WRAPPER_PREFIX.length()) < 0;
	}

	/**
	 * Whether a field of a wrapper class with these modifiers (reflection's or the class
	 * file's access flags: the bits agree) holds a top-level variable.
	 */
	public static boolean isVariable(int modifiers, boolean synthetic) {
		return Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers) && !synthetic;
	}

}
