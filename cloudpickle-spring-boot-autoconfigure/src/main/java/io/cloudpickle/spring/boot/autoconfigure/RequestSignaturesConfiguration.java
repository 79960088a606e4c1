package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.spring.http.RequestSignatures;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link RequestSignatures} of {@code cloudpickle.security.*}, shared by the
 * converters, codecs and client signing (imported by each, defined once).
 */
@Configuration(proxyBeanMethods = false)
class RequestSignaturesConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestSignatures cloudPickleRequestSignatures(CloudPickleSecurity security) {
		return new RequestSignatures(security.requestSigner(), security.requestVerifier(), security.isAllowUnsigned());
	}

}
