package io.cloudpickle.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.cloudpickle.PersistentIds;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.spring.NetworkPickleServices;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.observation.PickleObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of the application's trusted {@link PickleService} and of the
 * {@link NetworkPickleServices} (receiving and signing picklers) the HTTP converters and
 * codecs use. Every pickler is built from a {@link Pickler.Builder} fed by the
 * {@link PicklerBuilderCustomizer} beans in order (the properties at order 0); the
 * receiving pickler then gets the settings of {@code cloudpickle.security.*} and
 * {@code cloudpickle.limits.*}. All are observed through the application's
 * {@link ObservationRegistry} if there is one.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(Pickler.class)
@EnableConfigurationProperties({ CloudPickleProperties.class, CloudPickleSecurityProperties.class })
public final class CloudPickleAutoConfiguration {

	private static final Log logger = LogFactory.getLog(CloudPickleAutoConfiguration.class);

	@Bean
	StandardPicklerBuilderCustomizer standardPicklerBuilderCustomizer(CloudPickleProperties properties,
			ResourceLoader resourceLoader) {
		return new StandardPicklerBuilderCustomizer(properties, resourceLoader.getClassLoader());
	}

	/** Applies a {@link PersistentIds} bean (Spring beans by reference, by default). */
	@Bean
	PicklerBuilderCustomizer persistentIdsPicklerBuilderCustomizer(ObjectProvider<PersistentIds> persistentIds) {
		return (builder) -> persistentIds.ifAvailable(builder::persistentIds);
	}

	@Bean
	@ConditionalOnMissingBean
	CloudPickleSecurity cloudPickleSecurity(CloudPickleSecurityProperties properties) {
		return CloudPickleSecurity.of(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	PickleService pickleService(ObjectProvider<PicklerBuilderCustomizer> customizers,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<PickleObservationConvention> observationConvention) {
		return service(builder(customizers).build(), observationRegistry, observationConvention);
	}

	@Bean
	@ConditionalOnMissingBean
	NetworkPickleServices networkPickleServices(ObjectProvider<PicklerBuilderCustomizer> customizers,
			CloudPickleProperties properties, CloudPickleSecurity security,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<PickleObservationConvention> observationConvention) {
		PickleLimits limits = properties.getLimits().toPickleLimits();
		Pickler.Builder receiving = builder(customizers);
		new ReceivingPicklerCustomizer(security, limits).customize(receiving);
		Pickler.Builder signing = builder(customizers);
		ReceivingPicklerCustomizer.signing(security).customize(signing);
		if (logger.isInfoEnabled()) {
			logger.info("cloudpickle: " + security.describe() + describeLimits(limits));
		}
		return new NetworkPickleServices(service(receiving.build(), observationRegistry, observationConvention),
				service(signing.build(), observationRegistry, observationConvention));
	}

	private static Pickler.Builder builder(ObjectProvider<PicklerBuilderCustomizer> customizers) {
		Pickler.Builder builder = Pickler.builder();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder;
	}

	private static PickleService service(Pickler pickler, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<PickleObservationConvention> observationConvention) {
		PickleService service = new PickleService(pickler,
				observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP));
		observationConvention.ifAvailable(service::setObservationConvention);
		return service;
	}

	/** The network limits that differ from the engine's network defaults. */
	static String describeLimits(PickleLimits limits) {
		PickleLimits defaults = PickleLimits.network();
		List<String> changed = new ArrayList<>();
		for (PickleLimit limit : PickleLimit.values()) {
			if (limit.valueIn(limits) != limit.valueIn(defaults)) {
				changed.add(limit.springProperty() + "=" + limit.valueIn(limits));
			}
		}
		return changed.isEmpty() ? ", network limits: defaults" : ", network limits " + changed;
	}

}
