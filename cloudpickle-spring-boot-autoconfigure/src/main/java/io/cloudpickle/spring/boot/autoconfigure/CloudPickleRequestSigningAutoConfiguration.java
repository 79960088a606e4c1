package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.spring.codec.CloudPickleRequestSigningFilter;
import io.cloudpickle.spring.http.CloudPickleRequestSigningInterceptor;
import io.cloudpickle.spring.http.RequestSignatures;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Signs outgoing {@code application/x-cloudpickle} requests of the auto-configured
 * {@code RestClient.Builder}, {@code RestTemplateBuilder} and {@code WebClient.Builder}
 * (RFC 9421 HTTP message signatures) when {@code cloudpickle.security.signing-key-id} is
 * set.
 */
@AutoConfiguration(after = CloudPickleAutoConfiguration.class,
		beforeName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
				"org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration",
				"org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "cloudpickle.http.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "cloudpickle.security.signing-key-id")
@ConditionalOnBean(CloudPickleSecurity.class)
@Import(RequestSignaturesConfiguration.class)
public final class CloudPickleRequestSigningAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientSigningConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CloudPickleRequestSigningInterceptor cloudPickleRequestSigningInterceptor(RequestSignatures signatures) {
			return new CloudPickleRequestSigningInterceptor(signatures);
		}

		@Bean
		RestClientCustomizer cloudPickleRestClientSigningCustomizer(CloudPickleRequestSigningInterceptor interceptor) {
			return (builder) -> builder.requestInterceptor(interceptor);
		}

		@Bean
		RestTemplateCustomizer cloudPickleRestTemplateSigningCustomizer(
				CloudPickleRequestSigningInterceptor interceptor) {
			return (restTemplate) -> restTemplate.getInterceptors().add(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientCustomizer.class, CloudPickleRequestSigningFilter.class })
	static class WebClientSigningConfiguration {

		@Bean
		WebClientCustomizer cloudPickleWebClientSigningCustomizer(RequestSignatures signatures) {
			CloudPickleRequestSigningFilter filter = new CloudPickleRequestSigningFilter(signatures);
			return (builder) -> builder.filter(filter);
		}

	}

}
