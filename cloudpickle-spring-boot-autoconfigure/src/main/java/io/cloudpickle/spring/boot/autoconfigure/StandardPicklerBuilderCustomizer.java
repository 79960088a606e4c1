package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.Pickler;
import io.cloudpickle.ClassSpace;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;

/**
 * Applies {@code cloudpickle.*} (by-value packages, global registry, closure cleaning,
 * class space) and the application's class loader to every pickler, at order 0. One class
 * space for the application context: every pickler of the application defines received
 * classes there.
 */
class StandardPicklerBuilderCustomizer implements PicklerBuilderCustomizer, Ordered {

	private final CloudPickleProperties properties;

	private final ClassSpace classSpace;

	private final @Nullable ClassLoader classLoader;

	StandardPicklerBuilderCustomizer(CloudPickleProperties properties, @Nullable ClassLoader classLoader) {
		this.properties = properties;
		this.classSpace = classSpace(properties.getClassSpace());
		this.classLoader = classLoader;
	}

	@Override
	public int getOrder() {
		return 0;
	}

	@Override
	public void customize(Pickler.Builder builder) {
		builder.byValuePackages(this.properties.getByValuePackages())
			.useGlobalRegistry(this.properties.isUseGlobalRegistry())
			.cleanClosures(this.properties.isCleanClosures())
			.classSpace(this.classSpace);
		if (this.classLoader != null) {
			builder.classLoader(this.classLoader);
		}
	}

	private static ClassSpace classSpace(CloudPickleProperties.ClassSpace space) {
		try {
			return new ClassSpace(space.getMaxLoaders(), space.getMaxClasses(), space.getMaxClassesPerLoader(),
					space.getMaxSize().toBytes());
		}
		catch (IllegalArgumentException ex) {
			throw new CloudPickleConfigurationException("cloudpickle.class-space", ex.getMessage(),
					"Set cloudpickle.class-space.max-loaders, max-classes, max-classes-per-loader and max-size to "
							+ "positive values.",
					ex);
		}
	}

}
