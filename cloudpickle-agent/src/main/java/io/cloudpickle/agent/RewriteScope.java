package io.cloudpickle.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * Which classes the agent rewrites: those loaded by the application class loader or a
 * loader below it (JShell's, Spring Boot's, the engine's own), never the JDK's, the
 * engine's or ASM's; and, when the agent argument names packages, only classes of those
 * packages and their subpackages.
 */
final class RewriteScope {

	/** Internal-name prefixes that are never rewritten. */
	private static final String[] NEVER = { "java/", "javax/", "jdk/", "sun/", "com/sun/", "io/cloudpickle/",
			"org/objectweb/asm/" };

	private final ClassLoader applicationLoader;

	private final ClassLoader platformLoader;

	/** Internal-name prefixes ({@code com/acme/}); empty means every package. */
	private final List<String> packages;

	RewriteScope(ClassLoader applicationLoader, List<String> packages) {
		this.applicationLoader = applicationLoader;
		this.platformLoader = ClassLoader.getPlatformClassLoader();
		this.packages = List.copyOf(packages);
	}

	/**
	 * Parses the agent argument: a comma-separated list of packages, or nothing for all
	 * application classes.
	 */
	static List<String> parsePackages(String argument) {
		List<String> prefixes = new ArrayList<>();
		if (argument == null) {
			return prefixes;
		}
		for (String part : argument.split(",")) {
			String name = part.strip();
			if (name.isEmpty()) {
				continue;
			}
			if (!name.matches("[\\p{javaJavaIdentifierPart}.$]+") || name.startsWith(".") || name.endsWith(".")) {
				throw new IllegalArgumentException("cloudpickle-agent: not a package name: '" + name
						+ "' (the agent argument is a comma-separated list of packages, e.g. com.acme,org.example)");
			}
			prefixes.add(name.replace('.', '/') + '/');
		}
		return prefixes;
	}

	/** The packages rewritten, as the agent argument names them, or {@code *} for all. */
	String describe() {
		if (this.packages.isEmpty()) {
			return "*";
		}
		List<String> names = new ArrayList<>();
		for (String prefix : this.packages) {
			names.add(prefix.substring(0, prefix.length() - 1).replace('/', '.'));
		}
		return String.join(",", names);
	}

	boolean includes(Module module, ClassLoader loader, String internalName) {
		if (internalName == null || loader == null || loader == this.platformLoader) {
			return false;
		}
		for (String prefix : NEVER) {
			if (internalName.startsWith(prefix)) {
				return false;
			}
		}
		if (module != null && module.isNamed() && isJdkModule(module.getName())) {
			return false;
		}
		if (!this.packages.isEmpty() && !inPackages(internalName)) {
			return false;
		}
		return belowApplicationLoader(loader);
	}

	private boolean inPackages(String internalName) {
		for (String prefix : this.packages) {
			if (internalName.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isJdkModule(String name) {
		return name.startsWith("java.") || name.startsWith("jdk.");
	}

	private boolean belowApplicationLoader(ClassLoader loader) {
		for (ClassLoader l = loader; l != null; l = l.getParent()) {
			if (l == this.applicationLoader) {
				return true;
			}
		}
		return false;
	}

}
