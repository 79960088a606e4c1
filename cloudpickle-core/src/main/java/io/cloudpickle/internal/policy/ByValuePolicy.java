package io.cloudpickle.internal.policy;

import java.security.CodeSource;
import java.util.List;
import java.util.Set;

import io.cloudpickle.internal.classtable.ShippedClassLoader;

/**
 * Decides whether a class travels by value (its bytecode in the payload) or by reference
 * (its name only).
 *
 * <p>
 * By value: classes of registered packages (prefix semantics), and classes no receiver
 * can have: those defined in JShell, those we received by value ourselves (so A → B → C
 * works), and those whose loader serves their bytes but that come from no jar or
 * directory. Everything else, the JDK first, goes by reference.
 */
public final class ByValuePolicy {

	private static final String JSHELL_LOADER = "jdk.jshell.execution.DefaultLoaderDelegate$RemoteClassLoader";

	private final Set<String> ownPackages;

	private final ByValueRegistry registry;

	public ByValuePolicy(Set<String> ownPackages, ByValueRegistry registry) {
		this.ownPackages = Set.copyOf(ownPackages);
		this.registry = registry;
	}

	/** A key that changes whenever the answer for some class may change. */
	public PolicyKey key() {
		return new PolicyKey(this.ownPackages, (this.registry != null) ? this.registry.snapshot().version() : -1,
				this.registry);
	}

	/** Identifies the decisions of one policy at one registry version. */
	public record PolicyKey(Set<String> ownPackages, long registryVersion, ByValueRegistry registry) {
	}

	/**
	 * Decisions per class, valid for one registry version (the registry can change at any
	 * time).
	 */
	private final ClassValue<Decision[]> decisions = new ClassValue<>() {
		@Override
		protected Decision[] computeValue(Class<?> type) {
			return new Decision[1];
		}
	};

	private record Decision(long registryVersion, boolean byValue) {
	}

	public boolean isByValue(Class<?> type) {
		Decision[] slot = this.decisions.get(type);
		long version = (this.registry != null) ? this.registry.snapshot().version() : -1;
		Decision decision = slot[0];
		if (decision == null || decision.registryVersion() != version) {
			decision = new Decision(version, decide(type));
			slot[0] = decision;
		}
		return decision.byValue();
	}

	private boolean decide(Class<?> type) {
		while (type.isArray()) {
			type = type.getComponentType();
		}
		if (type.isPrimitive() || type.isHidden()) {
			return false;
		}
		ClassLoader loader = type.getClassLoader();
		if (loader == null || loader == ClassLoader.getPlatformClassLoader()) {
			return false;
		}
		String pkg = type.getPackageName();
		if (pkg.startsWith("java.") || isOwnRuntime(type)) {
			return false;
		}
		if (matches(pkg)) {
			return true;
		}
		return isDefinedAtRuntime(type, loader);
	}

	private static final Set<String> OWN_PACKAGES = Set.of("io.cloudpickle", "io.cloudpickle.internal.policy",
			"io.cloudpickle.internal.scan", "io.cloudpickle.internal.classtable", "io.cloudpickle.internal.codec",
			"io.cloudpickle.internal.envelope", "io.cloudpickle.internal");

	/** cloudpickle-core itself is on every receiver's class path. */
	private static boolean isOwnRuntime(Class<?> type) {
		return type.getClassLoader() == ByValuePolicy.class.getClassLoader()
				&& OWN_PACKAGES.contains(type.getPackageName());
	}

	/** Whether a package is by value by registration (without looking at any class). */
	public boolean matches(String packageName) {
		for (String p : this.ownPackages) {
			if (PackageNames.covers(p, packageName)) {
				return true;
			}
		}
		if (this.registry != null) {
			for (String p : this.registry.snapshot().packages()) {
				if (PackageNames.covers(p, packageName)) {
					return true;
				}
			}
		}
		return false;
	}

	/** All registered prefixes this policy applies, for messages and the actuator. */
	public List<String> packages() {
		java.util.TreeSet<String> all = new java.util.TreeSet<>(this.ownPackages);
		if (this.registry != null) {
			all.addAll(this.registry.snapshot().packages());
		}
		return List.copyOf(all);
	}

	private static boolean isDefinedAtRuntime(Class<?> type, ClassLoader loader) {
		if (loader instanceof ShippedClassLoader) {
			return true;
		}
		if (loader.getClass().getName().equals(JSHELL_LOADER) || type.getPackageName().equals("REPL")) {
			return true;
		}
		if (loader == ClassLoader.getSystemClassLoader()) {
			return false;
		}
		CodeSource source = type.getProtectionDomain().getCodeSource();
		return (source == null || source.getLocation() == null) && servesBytes(type, loader);
	}

	private static boolean servesBytes(Class<?> type, ClassLoader loader) {
		try (java.io.InputStream in = loader.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
			return in != null;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

}
