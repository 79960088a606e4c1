package io.cloudpickle.internal.scan;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.cloudpickle.PickleException;

/** Reading and fingerprinting class files. */
public final class ClassFile {

	/** Class file major versions start at 45 for Java 1.1; Java N is 44 + N. */
	private static final int MAJOR_OFFSET = 44;

	private ClassFile() {
	}

	/**
	 * The bytes of a class as its loader serves them, or a {@link PickleException} saying
	 * why they cannot be read.
	 */
	public static byte[] readBytes(Class<?> type) {
		ClassLoader loader = type.getClassLoader();
		String resource = type.getName().replace('.', '/') + ".class";
		try (InputStream in = (loader != null) ? loader.getResourceAsStream(resource)
				: ClassLoader.getSystemResourceAsStream(resource)) {
			if (in == null) {
				throw new PickleException("cannot ship " + type.getName() + " by value: its class loader ("
						+ ((loader != null) ? loader.getClass().getName() : "bootstrap")
						+ ") does not serve its bytecode as resource " + resource);
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new PickleException("cannot read the bytecode of " + type.getName(), ex);
		}
	}

	public static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

	/**
	 * The major version of a class file, or a {@link PickleException} if the bytes are
	 * not a class file.
	 */
	public static int majorVersion(byte[] bytes, String name) {
		if (bytes.length < 10 || (bytes[0] & 0xFF) != 0xCA || (bytes[1] & 0xFF) != 0xFE || (bytes[2] & 0xFF) != 0xBA
				|| (bytes[3] & 0xFF) != 0xBE) {
			throw new PickleException("shipped bytes for " + name + " are not a class file");
		}
		return ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
	}

	/** The highest class file major version this JVM runs. */
	public static int supportedMajorVersion() {
		return MAJOR_OFFSET + Runtime.version().feature();
	}

	/** The Java release that introduced a class file major version. */
	public static int javaVersionOf(int major) {
		return major - MAJOR_OFFSET;
	}

}
