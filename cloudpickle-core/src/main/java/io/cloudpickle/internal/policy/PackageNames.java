package io.cloudpickle.internal.policy;

import java.util.regex.Pattern;

/** Validation and prefix matching of package names. */
public final class PackageNames {

	private static final String IDENTIFIER = "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*";

	private static final Pattern PACKAGE = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");

	private PackageNames() {
	}

	/**
	 * Returns the name if it is a valid package name, else throws
	 * {@link IllegalArgumentException} saying why.
	 */
	public static String requireValid(String packageName) {
		if (packageName == null || packageName.isBlank()) {
			throw new IllegalArgumentException("package name must not be empty");
		}
		if (!PACKAGE.matcher(packageName).matches()) {
			throw new IllegalArgumentException("'" + packageName
					+ "' is not a valid package name (expected dotted Java identifiers such as com.acme.analytics)");
		}
		if (packageName.equals("java") || packageName.startsWith("java.")) {
			throw new IllegalArgumentException("'" + packageName + "': java.* classes cannot be shipped by value");
		}
		return packageName;
	}

	/** Whether {@code packageName} is {@code prefix} or one of its sub-packages. */
	public static boolean covers(String prefix, String packageName) {
		return packageName.startsWith(prefix)
				&& (packageName.length() == prefix.length() || packageName.charAt(prefix.length()) == '.');
	}

	/** The package of a binary class name ({@code ""} for the unnamed package). */
	public static String packageOf(String className) {
		int dot = className.lastIndexOf('.');
		return (dot < 0) ? "" : className.substring(0, dot);
	}

}
