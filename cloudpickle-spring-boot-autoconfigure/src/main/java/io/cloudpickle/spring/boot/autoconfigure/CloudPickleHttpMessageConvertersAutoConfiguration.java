package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.http.CloudPickleExceptionHandler;
import io.cloudpickle.spring.http.CloudPickleHttpMessageConvertersCustomizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.converter.HttpMessageConverters;

/**
 * Auto-configuration of the {@code application/x-cloudpickle} HTTP message converter for
 * Spring MVC servers and {@code RestClient}/{@code RestTemplate} clients: one customizer
 * bean for both sides, which appends the converter at the end of the lists. Off with
 * {@code cloudpickle.http.enabled=false}.
 */
@AutoConfiguration(after = CloudPickleAutoConfiguration.class,
		beforeName = "org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration")
@ConditionalOnClass({ ServerHttpMessageConvertersCustomizer.class, HttpMessageConverters.class })
@ConditionalOnBooleanProperty(name = "cloudpickle.http.enabled", matchIfMissing = true)
@ConditionalOnBean(PickleService.class)
@EnableConfigurationProperties(CloudPickleProperties.class)
public final class CloudPickleHttpMessageConvertersAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CloudPickleHttpMessageConvertersCustomizer cloudPickleHttpMessageConvertersCustomizer(PickleService pickleService,
			CloudPickleProperties properties, CloudPickleSecurity security, ResourceLoader resourceLoader) {
		SecurityWarning.logIfUnsigned(security);
		return new CloudPickleHttpMessageConvertersCustomizer(pickleService, CloudPickleAutoConfiguration.clientService(
				pickleService, properties, security, resourceLoader.getClassLoader()), security.isReadEnabled());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	static class ServletErrorHandlingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CloudPickleExceptionHandler cloudPickleExceptionHandler() {
			return new CloudPickleExceptionHandler();
		}

	}

	/** The start-up warning when servers load unsigned payloads. */
	static final class SecurityWarning {

		private static final Log logger = LogFactory.getLog(SecurityWarning.class);

		private SecurityWarning() {
		}

		static void logIfUnsigned(CloudPickleSecurity security) {
			if (security.isAllowUnsigned()) {
				logger.warn("cloudpickle.security.allow-unsigned=true: this server loads unsigned "
						+ "application/x-cloudpickle request bodies, which runs code chosen by the caller. "
						+ "Accept them only from authenticated, trusted callers, or configure "
						+ "cloudpickle.security.hmac.keys / ed25519.public-keys and remove allow-unsigned.");
			}
		}

	}

}
