package io.cloudpickle.spring.boot.autoconfigure;

import java.util.List;
import java.util.function.Supplier;

import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.spring.NetworkPickleServices;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.actuate.CloudPickleEndpoint.CloudPickleDescriptor;
import io.cloudpickle.spring.actuate.CloudPickleEndpoint;
import com.example.fixtures.ReportService;
import io.cloudpickle.spring.codec.CloudPickleCodecCustomizer;
import io.cloudpickle.spring.codec.CloudPickleDecoder;
import io.cloudpickle.spring.codec.CloudPickleEncoder;
import com.example.fixtures.Closures;
import io.cloudpickle.spring.http.CloudPickleExceptionHandler;
import io.cloudpickle.spring.http.CloudPickleHttpMessageConverter;
import io.cloudpickle.spring.http.CloudPickleHttpMessageConvertersCustomizer;
import io.cloudpickle.spring.metrics.ClassSpaceMetrics;
import io.cloudpickle.spring.metrics.PayloadSizeObservationHandler;
import io.cloudpickle.spring.observation.DefaultPickleObservationConvention;
import io.cloudpickle.spring.observation.PickleObservationConvention;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.codec.AbstractDataBufferDecoder;
import org.springframework.http.codec.DecoderHttpMessageReader;
import org.springframework.http.codec.HttpMessageReader;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import static org.assertj.core.api.Assertions.assertThat;

class CloudPickleAutoConfigurationTest {

	private static final AutoConfigurations CLOUDPICKLE = AutoConfigurations.of(CloudPickleAutoConfiguration.class,
			CloudPickleHttpMessageConvertersAutoConfiguration.class, CloudPickleCodecsAutoConfiguration.class,
			CloudPickleMetricsAutoConfiguration.class, CloudPickleEndpointAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(CLOUDPICKLE);

	@Test
	void pickleServiceFromDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(PickleService.class).hasSingleBean(CloudPickleProperties.class);
			PickleService service = context.getBean(PickleService.class);
			// The application's own service is trusted: the engine's generous limits.
			assertThat(service.limits()).isEqualTo(PickleLimits.defaults());
			assertThat(service.loads(service.dumps(List.of("a")))).isEqualTo(List.of("a"));
			// What comes from the network meets the engine's network limits.
			assertThat(context.getBean(NetworkPickleServices.class).receiving().limits())
				.isEqualTo(PickleLimits.network());
			// Non-web application: converters (for RestClient) and codecs (for
			// WebClient), no error advice.
			assertThat(context).hasSingleBean(CloudPickleHttpMessageConvertersCustomizer.class)
				.hasSingleBean(CloudPickleCodecCustomizer.class)
				.doesNotHaveBean(CloudPickleExceptionHandler.class)
				.doesNotHaveBean(ClassSpaceMetrics.class)
				.doesNotHaveBean(CloudPickleEndpoint.class);
		});
	}

	@Test
	void propertiesConfigureThePickler() {
		this.runner
			.withPropertyValues("cloudpickle.by-value-packages=com.example.fixtures,com.acme",
					"cloudpickle.use-global-registry=false", "cloudpickle.limits.max-payload-size=2MB",
					"cloudpickle.limits.max-depth=77", "cloudpickle.limits.max-objects=1000",
					"cloudpickle.limits.max-array-length=99", "cloudpickle.limits.max-string-length=98",
					"cloudpickle.limits.max-classes=5", "cloudpickle.limits.max-class-size=64KB",
					"cloudpickle.limits.max-hash-work=12345", "cloudpickle.class-space.max-loaders=3")
			.run((context) -> {
				PickleService service = context.getBean(PickleService.class);
				assertThat(service.pickler().byValuePackages()).containsExactly("com.acme", "com.example.fixtures");
				assertThat(context.getBean(NetworkPickleServices.class).receiving().limits())
					.isEqualTo(new PickleLimits(2L * 1024 * 1024, 77, 1000, 99, 98, 5, 64 * 1024, 12345));
				assertThat(service.limits()).isEqualTo(PickleLimits.defaults());
				byte[] payload = service.dumps(Closures.countLongerThan(1));
				List<String> words = List.of("a", "bb", "ccc", "dddd");
				assertThat(apply(service.loads(payload), words)).isEqualTo(new Closures.Count(3));
				// This JVM shipped the classes, so the service returns its own; a copy
				// goes to the class space.
				Object copy = definingCopy(service).loads(payload);
				assertThat(copy.getClass()).isNotSameAs(Closures.countLongerThan(1).getClass());
				assertThat(apply(copy, words)).hasToString("Count[n=3]");
				assertThat(service.classSpace().counts().loaders()).isEqualTo(1);
			});
	}

	@Test
	void cleanClosuresIsOnByDefaultAndCanBeTurnedOff() {
		ReportService service = new ReportService();
		Supplier<String> header = service.header("Q3");
		this.runner.run((context) -> {
			PickleService pickles = context.getBean(PickleService.class);
			byte[] payload = pickles.dumps(header);
			assertThat(payload.length).isLessThan(service.cacheSize());
			assertThat(((Supplier<?>) pickles.loads(payload)).get()).isEqualTo("== Q3 ==");
		});
		this.runner.withPropertyValues("cloudpickle.clean-closures=false").run((context) -> {
			PickleService pickles = context.getBean(PickleService.class);
			byte[] payload = pickles.dumps(header);
			assertThat(payload.length).isGreaterThan(service.cacheSize());
			assertThat(((Supplier<?>) pickles.loads(payload)).get()).isEqualTo("== Q3 ==");
		});
	}

	@Test
	void invalidPackageNameFailsStartUpWithAClearMessage() {
		this.runner.withPropertyValues("cloudpickle.by-value-packages=com.acme,com..broken").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure())
				.hasStackTraceContaining("Failed to bind properties under 'cloudpickle'")
				.hasStackTraceContaining(
						"Invalid cloudpickle.by-value-packages entry: 'com..broken' is not a valid package name");
		});
		this.runner.withPropertyValues("cloudpickle.by-value-packages=java.util").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("java.* classes cannot be shipped");
		});
	}

	@Test
	void invalidLimitFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("cloudpickle.limits.max-depth=0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(CloudPickleConfigurationException.class)
				.hasMessage("Invalid cloudpickle.limits.max-depth: must be positive, was 0");
		});
	}

	@Test
	void limitsBeyondWhatIsSupportedFailStartUpInsteadOfBeingCut() {
		this.runner.withPropertyValues("cloudpickle.limits.max-payload-size=3GB").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(CloudPickleConfigurationException.class)
				.hasMessage("Invalid cloudpickle.limits.max-payload-size: is 3221225472, beyond the largest "
						+ "supported value 2147483631");
		});
	}

	@Test
	void theStartersDefaultLimitsAreTheEnginesNetworkDefaults() {
		assertThat(new CloudPickleProperties().getLimits().toPickleLimits()).isEqualTo(PickleLimits.network());
		for (PickleLimit limit : PickleLimit.values()) {
			assertThat(limit.springProperty()).startsWith("cloudpickle.limits.max-");
		}
	}

	@Test
	void backsOffFromUserBeans() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(PickleService.class)
				.hasSingleBean(CloudPickleHttpMessageConvertersCustomizer.class)
				.hasSingleBean(CloudPickleCodecCustomizer.class);
			assertThat(context.getBean(PickleService.class)).isSameAs(context.getBean("myPickleService"));
			assertThat(context.getBean(CloudPickleHttpMessageConvertersCustomizer.class))
				.isSameAs(context.getBean("myCustomizer"));
			assertThat(context.getBean(CloudPickleCodecCustomizer.class)).isSameAs(context.getBean("myCodecs"));
		});
	}

	@Test
	void httpCanBeSwitchedOff() {
		this.runner.withPropertyValues("cloudpickle.http.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(PickleService.class)
				.doesNotHaveBean(CloudPickleHttpMessageConvertersCustomizer.class)
				.doesNotHaveBean(CloudPickleCodecCustomizer.class));
		new WebApplicationContextRunner().withConfiguration(CLOUDPICKLE)
			.withPropertyValues("cloudpickle.http.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CloudPickleExceptionHandler.class));
	}

	@Test
	void absentWebStacksAndMicrometerAndActuator() {
		this.runner
			.withClassLoader(new FilteredClassLoader(ServerHttpMessageConvertersCustomizer.class, CodecCustomizer.class,
					MeterRegistry.class, Endpoint.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("management.endpoints.web.exposure.include=cloudpickle")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PickleService.class)
				.doesNotHaveBean(CloudPickleHttpMessageConvertersCustomizer.class)
				.doesNotHaveBean(CloudPickleCodecCustomizer.class)
				.doesNotHaveBean(ClassSpaceMetrics.class)
				.doesNotHaveBean(CloudPickleEndpoint.class));
		this.runner.withClassLoader(new FilteredClassLoader("reactor.core"))
			.run((context) -> assertThat(context).doesNotHaveBean(CloudPickleCodecCustomizer.class)
				.hasSingleBean(CloudPickleHttpMessageConvertersCustomizer.class));
		this.runner.withClassLoader(new FilteredClassLoader(Pickler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(PickleService.class));
	}

	@Test
	void servletAppGetsTheConverterLastAndOnlyOnce() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(HttpMessageConvertersAutoConfiguration.class,
					WebMvcAutoConfiguration.class, DispatcherServletAutoConfiguration.class))
			.withConfiguration(CLOUDPICKLE)
			.run((context) -> {
				assertThat(context).hasSingleBean(CloudPickleExceptionHandler.class);
				List<HttpMessageConverter<?>> converters = context.getBean(RequestMappingHandlerAdapter.class)
					.getMessageConverters();
				assertThat(converters.get(converters.size() - 1)).isInstanceOf(CloudPickleHttpMessageConverter.class);
				assertThat(converters).filteredOn(CloudPickleHttpMessageConverter.class::isInstance).hasSize(1);
				assertThat(((CloudPickleHttpMessageConverter) converters.get(converters.size() - 1)).isReadEnabled())
					.isFalse();
				assertThat(context.getBeansOfType(HttpMessageConverter.class).values())
					.noneMatch(CloudPickleHttpMessageConverter.class::isInstance);
			});
	}

	@Test
	void serverReadingNeedsAllowUnsigned() {
		this.runner.withPropertyValues("cloudpickle.security.allow-unsigned=true").run((context) -> {
			CloudPickleHttpMessageConvertersCustomizer customizer = context
				.getBean(CloudPickleHttpMessageConvertersCustomizer.class);
			assertThat(customizer.getServerConverter().isReadEnabled()).isTrue();
		});
		this.runner.run((context) -> {
			CloudPickleHttpMessageConvertersCustomizer customizer = context
				.getBean(CloudPickleHttpMessageConvertersCustomizer.class);
			assertThat(customizer.getServerConverter().isReadEnabled()).isFalse();
			assertThat(customizer.getClientConverter().isReadEnabled()).isTrue();
		});
	}

	@Test
	void restTemplateGetsTheClientConverterLast() {
		this.runner
			.withConfiguration(AutoConfigurations.of(HttpMessageConvertersAutoConfiguration.class,
					RestTemplateAutoConfiguration.class))
			.run((context) -> {
				List<HttpMessageConverter<?>> converters = context.getBean(RestTemplateBuilder.class)
					.build()
					.getMessageConverters();
				assertThat(converters.get(converters.size() - 1)).isInstanceOf(CloudPickleHttpMessageConverter.class);
				assertThat(converters).filteredOn(CloudPickleHttpMessageConverter.class::isInstance).hasSize(1);
			});
	}

	@Test
	void reactiveAppGetsCodecsHonouringMaxInMemorySize() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CodecsAutoConfiguration.class, WebFluxAutoConfiguration.class))
			.withConfiguration(CLOUDPICKLE)
			.withPropertyValues("spring.http.codecs.max-in-memory-size=12KB")
			.run((context) -> {
				assertThat(context).hasSingleBean(CloudPickleExceptionHandler.class);
				ServerCodecConfigurer configurer = context.getBean(ServerCodecConfigurer.class);
				List<HttpMessageReader<?>> readers = configurer.getReaders();
				CloudPickleDecoder decoder = readers.stream()
					.filter(DecoderHttpMessageReader.class::isInstance)
					.map((r) -> ((DecoderHttpMessageReader<?>) r).getDecoder())
					.filter(CloudPickleDecoder.class::isInstance)
					.map(CloudPickleDecoder.class::cast)
					.findFirst()
					.orElseThrow();
				assertThat(((AbstractDataBufferDecoder<?>) decoder).getMaxInMemorySize()).isEqualTo(12 * 1024);
				assertThat(decoder.isReadEnabled()).isFalse();
				assertThat(configurer.getWriters())
					.anyMatch((w) -> w.canWrite(org.springframework.core.ResolvableType.forClass(Object.class),
							CloudPickleHttpMessageConverter.APPLICATION_CLOUDPICKLE));
				assertThat(new CloudPickleEncoder(context.getBean(PickleService.class))
					.canEncode(org.springframework.core.ResolvableType.forClass(Object.class), null)).isFalse();
			});
	}

	@Test
	void metricsWithAMeterRegistry() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(ClassSpaceMetrics.class)
				.hasSingleBean(PayloadSizeObservationHandler.class);
		});
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ClassSpaceMetrics.class)
			.doesNotHaveBean(PayloadSizeObservationHandler.class));
	}

	@Test
	void observationsAndMetricsEndToEndWithBootsObservationAndMetricsAutoConfiguration() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.withConfiguration(CLOUDPICKLE)
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				PickleService service = context.getBean(PickleService.class);
				service.loads(service.dumps("x"));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("cloudpickle.dumps").tags("outcome", "success").timer().count()).isEqualTo(1);
				assertThat(meters.get("cloudpickle.loads").timer().count()).isEqualTo(1);
				assertThat(meters.get("cloudpickle.payload.size").tags("operation", "loads").summary().count())
					.isEqualTo(1);
				assertThat(meters.find("cloudpickle.classspace.loaders").gauge()).isNotNull();
			});
	}

	@Test
	void observationRegistryAndConventionBeansAreUsed() {
		this.runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
			.withBean(PickleObservationConvention.class, () -> new DefaultPickleObservationConvention("my.pickle"))
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				List<String> names = new java.util.ArrayList<>();
				registry.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
					@Override
					public void onStart(io.micrometer.observation.Observation.Context c) {
						names.add(c.getName());
					}

					@Override
					public boolean supportsContext(io.micrometer.observation.Observation.Context c) {
						return true;
					}
				});
				context.getBean(PickleService.class).dumps("x");
				assertThat(names).containsExactly("my.pickle");
			});
	}

	@Test
	void actuatorEndpointWhenExposed() {
		new WebApplicationContextRunner().withConfiguration(CLOUDPICKLE)
			.withPropertyValues("management.endpoints.web.exposure.include=cloudpickle",
					"management.endpoint.cloudpickle.show-values=always",
					"cloudpickle.by-value-packages=com.example.fixtures", "cloudpickle.use-global-registry=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(CloudPickleEndpoint.class);
				PickleService service = context.getBean(PickleService.class);
				definingCopy(service).loads(service.dumps(Closures.countLongerThan(2)));
				CloudPickleDescriptor descriptor = context.getBean(CloudPickleEndpoint.class)
					.cloudpickle(SecurityContext.NONE);
				assertThat(descriptor.byValuePackages()).containsExactly("com.example.fixtures");
				assertThat(descriptor.limits()).containsEntry("maxDepth", 100_000L);
				assertThat(descriptor.security().mode()).startsWith("request bodies refused");
				assertThat(descriptor.security().httpReadEnabled()).isFalse();
				assertThat(descriptor.classSpace().loaders()).isEqualTo(1);
				assertThat(descriptor.classSpace().bundles()).singleElement().satisfies((bundle) -> {
					assertThat(bundle.classes()).anySatisfy((c) -> {
						assertThat(c.name()).isEqualTo("com.example.fixtures.Closures");
						assertThat(c.sha256()).hasSize(64);
						assertThat(c.size()).isPositive();
					});
				});
			});
		new WebApplicationContextRunner().withConfiguration(CLOUDPICKLE)
			.run((context) -> assertThat(context).doesNotHaveBean(CloudPickleEndpoint.class));
	}

	@Test
	void actuatorEndpointMasksPackagesKeyIdsAndClassNamesUnlessShowValuesSaysOtherwise() {
		new WebApplicationContextRunner().withConfiguration(CLOUDPICKLE)
			.withPropertyValues("management.endpoints.web.exposure.include=cloudpickle",
					"cloudpickle.by-value-packages=com.example.fixtures", "cloudpickle.use-global-registry=false",
					"cloudpickle.security.hmac.keys.k1=" + "a".repeat(44))
			.run((context) -> {
				PickleService service = context.getBean(PickleService.class);
				definingCopy(service).loads(service.dumps(Closures.countLongerThan(2)));
				CloudPickleEndpoint endpoint = context.getBean(CloudPickleEndpoint.class);
				for (SecurityContext caller : List.of(SecurityContext.NONE, authenticated("ops"))) {
					CloudPickleDescriptor descriptor = endpoint.cloudpickle(caller);
					assertThat(descriptor.byValuePackages()).containsExactly(CloudPickleEndpoint.MASK);
					assertThat(descriptor.security().mode()).doesNotContain("k1", "fixture")
						.contains("[" + CloudPickleEndpoint.MASK + "]");
					assertThat(descriptor.limits()).containsEntry("maxDepth", 100_000L);
					assertThat(descriptor.classSpace().bundles()).singleElement().satisfies((bundle) -> {
						assertThat(bundle.classes()).isNotEmpty()
							.allSatisfy((c) -> assertThat(c.name()).isEqualTo(CloudPickleEndpoint.MASK))
							.allSatisfy((c) -> assertThat(c.sha256()).isEqualTo(CloudPickleEndpoint.MASK));
					});
				}
			});
		new WebApplicationContextRunner().withConfiguration(CLOUDPICKLE)
			.withPropertyValues("management.endpoints.web.exposure.include=cloudpickle",
					"management.endpoint.cloudpickle.show-values=when-authorized",
					"management.endpoint.cloudpickle.roles=ops", "cloudpickle.by-value-packages=com.example.fixtures",
					"cloudpickle.use-global-registry=false")
			.run((context) -> {
				CloudPickleEndpoint endpoint = context.getBean(CloudPickleEndpoint.class);
				assertThat(endpoint.cloudpickle(SecurityContext.NONE).byValuePackages())
					.containsExactly(CloudPickleEndpoint.MASK);
				assertThat(endpoint.cloudpickle(authenticated("dev")).byValuePackages())
					.containsExactly(CloudPickleEndpoint.MASK);
				assertThat(endpoint.cloudpickle(authenticated("ops")).byValuePackages())
					.containsExactly("com.example.fixtures");
			});
	}

	private static SecurityContext authenticated(String role) {
		return new SecurityContext() {

			@Override
			public java.security.Principal getPrincipal() {
				return () -> "someone";
			}

			@Override
			public boolean isUserInRole(String name) {
				return role.equals(name);
			}

		};
	}

	/**
	 * A pickler on the service's class space that defines received classes even when this
	 * JVM shipped them (the service itself returns this JVM's own classes then).
	 */
	private static Pickler definingCopy(PickleService service) {
		return Pickler.builder().classSpace(service.classSpace()).returnOwnClasses(false).build();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		PickleService myPickleService() {
			return new PickleService(Pickler.builder().build());
		}

		@Bean
		CloudPickleHttpMessageConvertersCustomizer myCustomizer(PickleService service) {
			return new CloudPickleHttpMessageConvertersCustomizer(service, false);
		}

		@Bean
		CloudPickleCodecCustomizer myCodecs(PickleService service) {
			return new CloudPickleCodecCustomizer(service, false);
		}

	}

	@SuppressWarnings("unchecked")
	private static Object apply(Object closure, List<String> words) {
		return ((java.util.function.Function<List<String>, Object>) closure).apply(words);
	}

}
