package io.cloudpickle.internal.classtable;

import java.nio.charset.StandardCharsets;

/**
 * How the sender's class table names one class, worked out once per class: a well-known
 * id, or its package and simple name in UTF-8; an array class names its element class and
 * its dimensions.
 */
final class CompactName {

	private static final ClassValue<CompactName> NAMES = new ClassValue<>() {
		@Override
		protected CompactName computeValue(Class<?> type) {
			return new CompactName(type);
		}
	};

	/** The element class (the class itself when it is not an array). */
	final Class<?> element;

	/** Array dimensions, 0 for a class that is not an array. */
	final int dimensions;

	/** The element's well-known id, or -1. */
	final int wellKnown;

	/**
	 * The element's package name, one instance per name so that tables compare it by
	 * identity.
	 */
	final String packageName;

	final byte[] packageUtf8;

	/** The element's binary name after its package and the dot. */
	final byte[] simpleUtf8;

	/**
	 * Whether the element comes from the JDK's own loaders, so it never travels by value.
	 */
	final boolean jdk;

	private CompactName(Class<?> type) {
		Class<?> component = type;
		int dims = 0;
		while (component.isArray()) {
			component = component.getComponentType();
			dims++;
		}
		this.element = component;
		this.dimensions = dims;
		this.wellKnown = WellKnownClasses.idOf(component);
		ClassLoader loader = component.getClassLoader();
		this.jdk = component.isPrimitive() || loader == null || loader == ClassLoader.getPlatformClassLoader();
		String name = component.getName();
		String pkg = component.isPrimitive() ? "" : component.getPackageName();
		this.packageName = pkg.intern();
		this.packageUtf8 = pkg.getBytes(StandardCharsets.UTF_8);
		this.simpleUtf8 = (pkg.isEmpty() ? name : name.substring(pkg.length() + 1)).getBytes(StandardCharsets.UTF_8);
	}

	static CompactName of(Class<?> type) {
		return NAMES.get(type);
	}

	/** The name of the element class. */
	String elementName() {
		return this.element.getName();
	}

}
