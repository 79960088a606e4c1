package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.spring.NetworkPickleServices;
import io.cloudpickle.spring.http.ClassPeers;
import io.cloudpickle.spring.codec.CloudPickleCodecCustomizer;
import io.cloudpickle.spring.http.CloudPickleExceptionHandler;
import io.cloudpickle.spring.http.RequestSignatures;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.codec.CodecConfigurer;

/**
 * Auto-configuration of the {@code application/x-cloudpickle} encoder and decoder for
 * WebFlux servers and {@code WebClient}, through a {@link CodecCustomizer}. Off with
 * {@code cloudpickle.http.enabled=false}.
 */
@AutoConfiguration(after = CloudPickleAutoConfiguration.class)
@ConditionalOnClass({ CodecCustomizer.class, CodecConfigurer.class, Flux.class })
@ConditionalOnBooleanProperty(name = "cloudpickle.http.enabled", matchIfMissing = true)
@ConditionalOnBean(NetworkPickleServices.class)
@Import({ RequestSignaturesConfiguration.class, ClassPeersConfiguration.class })
public final class CloudPickleCodecsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CloudPickleCodecCustomizer cloudPickleCodecCustomizer(NetworkPickleServices services, CloudPickleSecurity security,
			RequestSignatures requestSignatures, ObjectProvider<ClassPeers> classPeers) {
		return new CloudPickleCodecCustomizer(services, security.isReadEnabled(), requestSignatures,
				classPeers.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class ReactiveErrorHandlingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CloudPickleExceptionHandler cloudPickleExceptionHandler(CloudPickleSecurity security) {
			SecurityWarning.logIfUnsigned(security);
			return new CloudPickleExceptionHandler();
		}

	}

}
