package io.cloudpickle.crossjvm;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Arrays;

import io.cloudpickle.testing.GeneratedSuppliers;
import org.objectweb.asm.Opcodes;

/**
 * Generates, with ASM, versions of one class
 * {@code com.acme.analytics.identity.gen.Versioned} that implements
 * {@code Supplier<String>} and answers its version from {@code get()}. Each version is
 * defined in its own throwaway loader, which serves the class bytes as a resource (as a
 * loader must for a class to be shipped by value).
 */
final class VersionedClasses {

	static final String NAME = "com.acme.analytics.identity.gen.Versioned";

	private VersionedClasses() {
	}

	static byte[] bytes(String version) {
		return bytes(NAME, version);
	}

	static byte[] bytes(String className, String version) {
		return GeneratedSuppliers.bytes(className, Opcodes.V17, version);
	}

	/** A fresh loader defining one version; returns the class. */
	static Class<?> define(String version) {
		byte[] bytes = bytes(version);
		return new OneClassLoader(NAME, bytes, VersionedClasses.class.getClassLoader()).load();
	}

	/**
	 * Defines {@code className} (answering {@code version}) in a fresh loader of the
	 * given kind.
	 */
	static Class<?> defineIn(String className, String version, boolean servesUrl) {
		byte[] bytes = bytes(className, version);
		ClassLoader parent = VersionedClasses.class.getClassLoader();
		OneClassLoader loader = servesUrl ? new UrlServingLoader(className, bytes, parent)
				: new OneClassLoader(className, bytes, parent);
		return loader.load();
	}

	static Object newInstance(Class<?> type) {
		try {
			Constructor<?> ctor = type.getConstructor();
			return ctor.newInstance();
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Also serves the bytes through {@code getResource} (an in-memory URL), as URL-based
	 * tooling expects.
	 */
	static final class UrlServingLoader extends OneClassLoader {

		UrlServingLoader(String name, byte[] bytes, ClassLoader parent) {
			super(name, bytes, parent);
		}

		@Override
		protected URL findResource(String resource) {
			if (!resource.equals(className().replace('.', '/') + ".class")) {
				return null;
			}
			byte[] data = classBytes();
			try {
				return new URL(null, "memory:/" + resource, new URLStreamHandler() {
					@Override
					protected URLConnection openConnection(URL url) {
						return new URLConnection(url) {
							@Override
							public void connect() {
							}

							@Override
							public InputStream getInputStream() {
								return new ByteArrayInputStream(data);
							}
						};
					}
				});
			}
			catch (MalformedURLException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	/** Defines exactly one class from bytes and serves those bytes as its resource. */
	static class OneClassLoader extends ClassLoader {

		private final String name;

		private final byte[] bytes;

		private Class<?> defined;

		OneClassLoader(String name, byte[] bytes, ClassLoader parent) {
			super("versioned-" + Integer.toHexString(Arrays.hashCode(bytes)), parent);
			this.name = name;
			this.bytes = bytes;
		}

		final String className() {
			return this.name;
		}

		final byte[] classBytes() {
			return this.bytes;
		}

		synchronized Class<?> load() {
			if (this.defined == null) {
				this.defined = defineClass(this.name, this.bytes, 0, this.bytes.length);
			}
			return this.defined;
		}

		@Override
		protected Class<?> findClass(String className) throws ClassNotFoundException {
			if (className.equals(this.name)) {
				return load();
			}
			throw new ClassNotFoundException(className);
		}

		@Override
		public InputStream getResourceAsStream(String resource) {
			if (resource.equals(this.name.replace('.', '/') + ".class")) {
				return new ByteArrayInputStream(this.bytes);
			}
			return super.getResourceAsStream(resource);
		}

	}

}
