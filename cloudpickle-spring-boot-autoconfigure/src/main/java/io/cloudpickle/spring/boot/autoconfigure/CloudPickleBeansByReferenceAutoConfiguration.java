package io.cloudpickle.spring.boot.autoconfigure;

import io.cloudpickle.PersistentIds;
import io.cloudpickle.Pickler;
import io.cloudpickle.spring.beans.BeanReferences;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Singleton beans pickle as references by bean name and type
 * ({@code cloudpickle.beans-by-reference}, default on), resolved by the receiver in its
 * own application context: a closure that captures a service or a repository does not
 * drag its data sources and clients along.
 */
@AutoConfiguration(before = CloudPickleAutoConfiguration.class)
@ConditionalOnClass(Pickler.class)
@ConditionalOnBooleanProperty(name = "cloudpickle.beans-by-reference", matchIfMissing = true)
public final class CloudPickleBeansByReferenceAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(PersistentIds.class)
	static BeanReferences cloudPickleBeanReferences(ConfigurableListableBeanFactory beanFactory) {
		return new BeanReferences(beanFactory);
	}

}
