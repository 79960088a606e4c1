package io.cloudpickle.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.cloudpickle.spring.NetworkPickleServices;
import io.cloudpickle.spring.actuate.CloudPickleEndpoint;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code cloudpickle} Actuator endpoint. No health indicator is
 * contributed: nothing in cloudpickle can be "down" (there is no connection or resource
 * to check); the class space's fill level is a metric.
 */
@AutoConfiguration(after = CloudPickleAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnAvailableEndpoint(CloudPickleEndpoint.class)
@ConditionalOnBean(NetworkPickleServices.class)
@EnableConfigurationProperties({ CloudPickleProperties.class, CloudPickleEndpointProperties.class })
public final class CloudPickleEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CloudPickleEndpoint cloudPickleEndpoint(NetworkPickleServices services, CloudPickleProperties properties,
			CloudPickleSecurity security, CloudPickleEndpointProperties endpoint) {
		List<String> verificationKeyIds = new ArrayList<>(security.getHmacKeyIds());
		verificationKeyIds.addAll(security.getEd25519KeyIds());
		CloudPickleEndpoint.Settings settings = new CloudPickleEndpoint.Settings(properties.getHttp().isEnabled(),
				security.isAllowUnsigned(), security.isReadEnabled(), security.describe(), verificationKeyIds,
				security.getSigningKeyId(), properties.getHttp().isEnabled() && security.requestSigner() != null,
				security.getSignedHeaders());
		return new CloudPickleEndpoint(services, settings, endpoint.getShowValues(), endpoint.getRoles());
	}

}
