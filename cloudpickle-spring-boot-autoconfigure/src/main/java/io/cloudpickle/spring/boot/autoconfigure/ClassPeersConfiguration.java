package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.spring.codec.CloudPickleClassPeersFilter;
import io.cloudpickle.spring.http.ClassPeers;
import io.cloudpickle.spring.http.CloudPickleClassPeersInterceptor;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Class bytes once per HTTP peer ({@link ClassPeers}) for the auto-configured clients,
 * unless {@code cloudpickle.http.peer-classes=false}; shared by the converters and codecs
 * (imported by each, defined once).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "cloudpickle.http.peer-classes", matchIfMissing = true)
class ClassPeersConfiguration {

	/** Before the request-signing customizers: a body sent again is signed again. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	@Bean
	@ConditionalOnMissingBean
	ClassPeers cloudPickleClassPeers() {
		return new ClassPeers();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientClassPeersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CloudPickleClassPeersInterceptor cloudPickleClassPeersInterceptor() {
			return new CloudPickleClassPeersInterceptor();
		}

		@Bean
		@Order(ORDER)
		RestClientCustomizer cloudPickleRestClientClassPeersCustomizer(CloudPickleClassPeersInterceptor interceptor) {
			return (builder) -> builder.requestInterceptor(interceptor);
		}

		@Bean
		@Order(ORDER)
		RestTemplateCustomizer cloudPickleRestTemplateClassPeersCustomizer(
				CloudPickleClassPeersInterceptor interceptor) {
			return (restTemplate) -> restTemplate.getInterceptors().add(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientCustomizer.class, CloudPickleClassPeersFilter.class })
	static class WebClientClassPeersConfiguration {

		@Bean
		@Order(ORDER)
		WebClientCustomizer cloudPickleWebClientClassPeersCustomizer(ClassPeers classPeers) {
			CloudPickleClassPeersFilter filter = new CloudPickleClassPeersFilter(classPeers);
			return (builder) -> builder.filter(filter);
		}

	}

}
