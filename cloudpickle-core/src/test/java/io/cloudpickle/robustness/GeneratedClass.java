package io.cloudpickle.robustness;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;

import io.cloudpickle.testing.GeneratedSuppliers;

/**
 * Classes generated with ASM for the tests: {@code name implements Supplier<Object>}
 * whose {@code get()} returns a constant string, defined in a loader of their own that
 * serves their class file (possibly a different one than it defined) through
 * {@code getResourceAsStream}/{@code getResource}, like a runtime-generated class.
 */
final class GeneratedClass {

	private GeneratedClass() {
	}

	static byte[] generate(String name, int classFileVersion, String returns) {
		return GeneratedSuppliers.bytes(name, classFileVersion, returns);
	}

	/**
	 * A new instance of {@code name}, defined from a version-{@code definedVersion} class
	 * file in a fresh loader.
	 */
	static Object instance(String name, int definedVersion, int servedVersion, String returns) throws Exception {
		ServingLoader loader = new ServingLoader(name, generate(name, definedVersion, returns),
				generate(name, servedVersion, returns));
		return loader.loadClass(name).getDeclaredConstructor().newInstance();
	}

	/**
	 * Defines one class from {@code defined} and serves {@code served} as its class-file
	 * resource.
	 */
	static final class ServingLoader extends ClassLoader {

		private final String name;

		private final byte[] defined;

		private final byte[] served;

		ServingLoader(String name, byte[] defined, byte[] served) {
			super("serving-loader", GeneratedClass.class.getClassLoader());
			this.name = name;
			this.defined = defined;
			this.served = served;
		}

		@Override
		protected Class<?> findClass(String className) throws ClassNotFoundException {
			if (className.equals(this.name)) {
				return defineClass(className, this.defined, 0, this.defined.length);
			}
			throw new ClassNotFoundException(className);
		}

		private boolean mine(String resource) {
			return resource.equals(this.name.replace('.', '/') + ".class");
		}

		@Override
		public InputStream getResourceAsStream(String resource) {
			return mine(resource) ? new ByteArrayInputStream(this.served) : super.getResourceAsStream(resource);
		}

		@Override
		public URL getResource(String resource) {
			if (!mine(resource)) {
				return super.getResource(resource);
			}
			try {
				return new URL(null, "mem:/" + resource, new URLStreamHandler() {
					@Override
					protected URLConnection openConnection(URL u) {
						return new URLConnection(u) {
							@Override
							public void connect() {
							}

							@Override
							public InputStream getInputStream() {
								return new ByteArrayInputStream(ServingLoader.this.served);
							}
						};
					}
				});
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
