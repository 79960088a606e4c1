package io.cloudpickle.internal.policy;

import java.io.IOException;
import java.io.InputStream;
import java.security.CodeSource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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

	/** Where cloudpickle-core's classes come from: its jar, or its classes directory. */
	private static final CodeSource OWN_CODE = ByValuePolicy.class.getProtectionDomain().getCodeSource();

	/**
	 * cloudpickle-core itself is on every receiver's class path: its classes are those of
	 * its packages that its own loader defined from its own code source. The package test
	 * matters when the application is one shaded jar: the application's classes then
	 * share core's code source, and those of a by-value package must still travel by
	 * value.
	 */
	private static boolean isOwnRuntime(Class<?> type) {
		if (type.getClassLoader() != ByValuePolicy.class.getClassLoader()) {
			return false;
		}
		String pkg = type.getPackageName();
		if (!pkg.equals(OWN_ROOT) && !pkg.startsWith(OWN_ROOT + ".")) {
			return false;
		}
		return OWN_CODE == null || OWN_CODE.equals(type.getProtectionDomain().getCodeSource());
	}

	private static final String OWN_ROOT = "io.cloudpickle";

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
		TreeSet<String> all = new TreeSet<>(this.ownPackages);
		if (this.registry != null) {
			all.addAll(this.registry.snapshot().packages());
		}
		return List.copyOf(all);
	}

	private static boolean isDefinedAtRuntime(Class<?> type, ClassLoader loader) {
		if (loader instanceof ReceivedClassLoader) {
			return true;
		}
		if (JShellClasses.isJShellClass(type, loader)) {
			return true;
		}
		if (loader == ClassLoader.getSystemClassLoader()) {
			return false;
		}
		CodeSource source = type.getProtectionDomain().getCodeSource();
		return (source == null || source.getLocation() == null) && servesBytes(type, loader);
	}

	private static boolean servesBytes(Class<?> type, ClassLoader loader) {
		try (InputStream in = loader.getResourceAsStream(type.getName().replace('.', '/') + ".class")) {
			return in != null;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
