package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.ClassSpace;
import io.cloudpickle.Pickler;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.observation.PickleObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the {@link PickleService}, built from {@code cloudpickle.*}
 * properties and observed through the application's {@link ObservationRegistry} if there
 * is one.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(Pickler.class)
@EnableConfigurationProperties(CloudPickleProperties.class)
public final class CloudPickleAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CloudPickleSecurity cloudPickleSecurity(CloudPickleProperties properties) {
		return CloudPickleSecurity.of(properties.getSecurity());
	}

	@Bean
	@ConditionalOnMissingBean
	PickleService pickleService(CloudPickleProperties properties, CloudPickleSecurity security,
			ResourceLoader resourceLoader, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<PickleObservationConvention> observationConvention) {
		ClassSpace space = classSpace(properties.getClassSpace());
		Pickler pickler = security.applyToReceiver(base(properties, space, resourceLoader.getClassLoader())).build();
		PickleService service = new PickleService(pickler,
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		observationConvention.ifAvailable(service::setObservationConvention);
		return service;
	}

	/**
	 * The service for the client side of the HTTP converters and codecs:
	 * {@code pickleService} itself if it does not verify or gate what it reads, else the
	 * same settings with the signer only (a client reads the answers of servers its
	 * application chose to call, and those may ship back classes the client has).
	 */
	static PickleService clientService(PickleService pickleService, CloudPickleProperties properties,
			CloudPickleSecurity security, @Nullable ClassLoader classLoader) {
		if (!security.isReadEnabled()) {
			return pickleService;
		}
		Pickler pickler = security.applyToSender(base(properties, pickleService.classSpace(), classLoader)).build();
		return pickleService.withPickler(pickler);
	}

	private static Pickler.Builder base(CloudPickleProperties properties, ClassSpace space,
			@Nullable ClassLoader classLoader) {
		Pickler.Builder builder = Pickler.builder()
			.byValuePackages(properties.getByValuePackages())
			.useGlobalRegistry(properties.isUseGlobalRegistry())
			.limits(properties.getLimits().toPickleLimits())
			.classSpace(space);
		if (classLoader != null) {
			builder.classLoader(classLoader);
		}
		return builder;
	}

	private static ClassSpace classSpace(CloudPickleProperties.ClassSpace space) {
		try {
			return new ClassSpace(space.getMaxLoaders(), space.getMaxClasses(), space.getMaxClassesPerLoader(),
					space.getMaxSize().toBytes());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("cloudpickle.class-space.max-loaders, max-classes, "
					+ "max-classes-per-loader and max-size must be positive: " + ex.getMessage(), ex);
		}
	}

}
