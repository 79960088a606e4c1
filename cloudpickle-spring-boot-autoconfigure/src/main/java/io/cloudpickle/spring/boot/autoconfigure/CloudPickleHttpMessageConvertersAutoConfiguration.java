package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.spring.NetworkPickleServices;
import io.cloudpickle.spring.http.ClassPeers;
import io.cloudpickle.spring.http.CloudPickleExceptionHandler;
import io.cloudpickle.spring.http.CloudPickleHttpMessageConvertersCustomizer;
import io.cloudpickle.spring.http.RequestSignatures;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
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
@ConditionalOnBean(NetworkPickleServices.class)
@Import({ RequestSignaturesConfiguration.class, ClassPeersConfiguration.class })
public final class CloudPickleHttpMessageConvertersAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CloudPickleHttpMessageConvertersCustomizer cloudPickleHttpMessageConvertersCustomizer(
			NetworkPickleServices services, CloudPickleSecurity security, RequestSignatures requestSignatures,
			ObjectProvider<ClassPeers> classPeers) {
		SecurityWarning.logIfUnsigned(security);
		return new CloudPickleHttpMessageConvertersCustomizer(services, security.isReadEnabled(), requestSignatures,
				classPeers.getIfAvailable());
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

}
