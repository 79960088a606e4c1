package io.cloudpickle;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A configured, thread-safe pickler: its own by-value packages, limits, class filter, custom codecs and receiver class
 * space. Build one with {@link #builder()}; {@link CloudPickle}'s static methods use {@link CloudPickle#defaultPickler()}.
 */
public final class Pickler {

	private Pickler(Builder builder) {
	}

	public static Builder builder() {
		return new Builder();
	}

	public byte[] dumps(Object obj) {
		throw new UnsupportedOperationException("engine pending");
	}

	public void dump(Object obj, OutputStream out) {
		throw new UnsupportedOperationException("engine pending");
	}

	public Object loads(byte[] payload) {
		throw new UnsupportedOperationException("engine pending");
	}

	public <T> T loads(byte[] payload, Class<T> type) {
		throw new UnsupportedOperationException("engine pending");
	}

	public Object load(InputStream in) {
		throw new UnsupportedOperationException("engine pending");
	}

	/** Builds {@link Pickler}s. Not thread-safe; the built pickler is. */
	public static final class Builder {

		private final Set<String> byValuePackages = new TreeSet<>();

		private boolean useGlobalRegistry = true;

		private PickleLimits limits = PickleLimits.defaults();

		private ClassFilter classFilter = ClassFilter.ALLOW_ALL;

		private ClassLoader classLoader;

		private final Map<Class<?>, TypeCodec<?>> codecs = new LinkedHashMap<>();

		private Builder() {
		}

		/** Packages (prefix semantics: {@code com.acme} covers {@code com.acme.sub}) whose classes travel by value. */
		public Builder byValuePackages(String... packageNames) {
			return byValuePackages(List.of(packageNames));
		}

		public Builder byValuePackages(Collection<String> packageNames) {
			throw new UnsupportedOperationException("engine pending");
		}

		/** Whether the process-global registry of {@link CloudPickle#registerPickleByValue} also applies (default true). */
		public Builder useGlobalRegistry(boolean use) {
			this.useGlobalRegistry = use;
			return this;
		}

		public Builder limits(PickleLimits limits) {
			this.limits = limits;
			return this;
		}

		public Builder classFilter(ClassFilter filter) {
			this.classFilter = filter;
			return this;
		}

		/**
		 * The loader that resolves by-reference classes and parents shipped classes when loading. Default: the thread's
		 * context class loader at load time, else the loader of cloudpickle-core.
		 */
		public Builder classLoader(ClassLoader loader) {
			this.classLoader = loader;
			return this;
		}

		public <T> Builder codec(Class<T> type, TypeCodec<? super T> codec) {
			this.codecs.put(type, codec);
			return this;
		}

		public Pickler build() {
			return new Pickler(this);
		}

	}

}
