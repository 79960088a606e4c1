package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.Pickler;
import io.cloudpickle.classtable.ClassSpace;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.observation.PickleObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the {@link PickleService}, built from {@code cloudpickle.*} properties and observed through the
 * application's {@link ObservationRegistry} if there is one.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(Pickler.class)
@EnableConfigurationProperties(CloudPickleProperties.class)
public final class CloudPickleAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PickleService pickleService(CloudPickleProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<PickleObservationConvention> observationConvention) {
		CloudPickleProperties.ClassSpace space = properties.getClassSpace();
		Pickler pickler = Pickler.builder()
			.byValuePackages(properties.getByValuePackages())
			.useGlobalRegistry(properties.isUseGlobalRegistry())
			.limits(properties.getLimits().toPickleLimits())
			.classSpace(classSpace(space))
			.classLoader(resourceLoader.getClassLoader())
			.build();
		PickleService service = new PickleService(pickler,
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		observationConvention.ifAvailable(service::setObservationConvention);
		return service;
	}

	private static ClassSpace classSpace(CloudPickleProperties.ClassSpace space) {
		try {
			return new ClassSpace(space.getMaxLoaders(), space.getMaxClasses(), space.getMaxClassesPerLoader());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("cloudpickle.class-space.max-loaders, max-classes and "
					+ "max-classes-per-loader must be positive: " + ex.getMessage(), ex);
		}
	}

}
