package io.cloudpickle.internal.scan;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A class that can travel by value: its bytes, their SHA-256 and the classes it refers
 * to. Computed once per class (the ASM scan costs tens of microseconds) and cached with
 * {@link ClassValue}.
 */
public final class ShippableClass {

	private static final ClassValue<ShippableClass> CACHE = new ClassValue<>() {
		@Override
		protected ShippableClass computeValue(Class<?> type) {
			byte[] bytes = ClassFile.readBytes(type);
			return new ShippableClass(type, bytes, ClassFile.sha256(bytes), ReferenceScanner.referencedClasses(bytes));
		}
	};

	private final Class<?> type;

	private final byte[] bytes;

	private final byte[] sha256;

	private final Set<String> references;

	/** The SHA-256 in hex, as peers confirm it; computed once per class. */
	private final String sha256Hex;

	private volatile boolean shipped;

	/**
	 * True the first time this class goes out by value (a benign race may answer true
	 * twice).
	 */
	public boolean firstShipment() {
		if (this.shipped) {
			return false;
		}
		this.shipped = true;
		return true;
	}

	/**
	 * The dependency closure for the last policy key asked, so repeated messages reuse
	 * it.
	 */
	private volatile CachedClosure closure;

	record CachedClosure(Object policyKey, List<ShippableClass> classes) {
	}

	private ShippableClass(Class<?> type, byte[] bytes, byte[] sha256, Set<String> references) {
		this.sha256Hex = HexFormat.of().formatHex(sha256);
		this.type = type;
		this.bytes = bytes;
		this.sha256 = sha256;
		this.references = references;
	}

	public static ShippableClass of(Class<?> type) {
		return CACHE.get(type);
	}

	public Class<?> type() {
		return this.type;
	}

	public String name() {
		return this.type.getName();
	}

	/** The class file bytes; callers must not modify them. */
	public byte[] bytes() {
		return this.bytes;
	}

	/** SHA-256 of {@link #bytes()}; callers must not modify it. */
	public String sha256Hex() {
		return this.sha256Hex;
	}

	public byte[] sha256() {
		return this.sha256;
	}

	public int majorVersion() {
		return ClassFile.majorVersion(this.bytes, name());
	}

	Set<String> references() {
		return this.references;
	}

	CachedClosure cachedClosure() {
		return this.closure;
	}

	void cacheClosure(CachedClosure closure) {
		this.closure = closure;
	}

}
