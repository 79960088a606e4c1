package io.cloudpickle.spring.boot.autoconfigure;

import java.security.SecureRandom;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.cloudpickle.Pickler;
import io.cloudpickle.hazelcast.CloudPickleHazelcast;
import io.cloudpickle.hazelcast.MemberBeans;
import io.cloudpickle.security.PayloadVerifier;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs closures on the application's Hazelcast cluster: exposes a
 * {@link CloudPickleHazelcast} on the {@link HazelcastInstance} bean (member or client),
 * and prepares embedded members' {@link Config} with
 * {@link CloudPickleHazelcast#configureMember}: a {@link HazelcastConfigCustomizer} for
 * the configuration Boot loads, and the same for a {@code Config} bean of the
 * application. Members judge tasks with the {@code cloudpickle.security.*} keys, class
 * gates and {@code cloudpickle.limits.*}; without verification keys (and without
 * {@code cloudpickle.security.allow-unsigned}) they refuse every task.
 */
@AutoConfiguration(after = CloudPickleAutoConfiguration.class,
		afterName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
@ConditionalOnClass({ HazelcastInstance.class, CloudPickleHazelcast.class })
public final class CloudPickleHazelcastAutoConfiguration {

	@Bean
	@ConditionalOnBean(HazelcastInstance.class)
	@ConditionalOnMissingBean
	CloudPickleHazelcast cloudPickleHazelcast(HazelcastInstance hazelcastInstance,
			ObjectProvider<PicklerBuilderCustomizer> customizers, CloudPickleProperties properties,
			CloudPickleSecurity security) {
		return CloudPickleHazelcast.on(hazelcastInstance, clusterPickler(customizers, properties, security));
	}

	@Bean
	static BeanPostProcessor cloudPickleHazelcastMemberConfigProcessor(ObjectProvider<MemberPreparer> preparer) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
				if (bean instanceof Config config) {
					preparer.getObject().prepare(config);
				}
				return bean;
			}
		};
	}

	@Bean
	MemberPreparer cloudPickleHazelcastMemberPreparer(ObjectProvider<PicklerBuilderCustomizer> customizers,
			CloudPickleProperties properties, CloudPickleSecurity security, ListableBeanFactory beanFactory) {
		return new MemberPreparer(memberPickler(customizers, properties, security), new SpringMemberBeans(beanFactory));
	}

	/**
	 * Tasks and results cross the cluster as network payloads: the receiving side's
	 * verification, class gates and limits, and the signing key for what this JVM sends.
	 */
	private static Pickler clusterPickler(ObjectProvider<PicklerBuilderCustomizer> customizers,
			CloudPickleProperties properties, CloudPickleSecurity security) {
		Pickler.Builder builder = Pickler.builder();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		new ReceivingPicklerCustomizer(security, properties.getLimits().toPickleLimits()).customize(builder);
		ReceivingPicklerCustomizer.signing(security).customize(builder);
		return builder.build();
	}

	/**
	 * The pickler members judge tasks with: the application's, if it verifies what it
	 * reads; else one that refuses every payload (no key is configured to accept).
	 */
	private static Pickler memberPickler(ObjectProvider<PicklerBuilderCustomizer> customizers,
			CloudPickleProperties properties, CloudPickleSecurity security) {
		if (security.isReadEnabled()) {
			return clusterPickler(customizers, properties, security);
		}
		byte[] unknowable = new byte[32];
		new SecureRandom().nextBytes(unknowable);
		return Pickler.builder()
			.verifyWith(PayloadVerifier.hmacSha256("no-key-configured", unknowable))
			.useGlobalRegistry(false)
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HazelcastConfigCustomizer.class)
	static class BootConfigCustomizerConfiguration {

		@Bean
		HazelcastConfigCustomizer cloudPickleHazelcastConfigCustomizer(MemberPreparer preparer) {
			return preparer::prepare;
		}

	}

	/** Prepares a member's {@link Config} once. */
	static final class MemberPreparer {

		private final Pickler pickler;

		private final MemberBeans beans;

		MemberPreparer(Pickler pickler, MemberBeans beans) {
			this.pickler = pickler;
			this.beans = beans;
		}

		void prepare(Config config) {
			CloudPickleHazelcast.configureMember(config, this.pickler, this.beans);
		}

	}

	/** The member's beans, for {@code MemberContext.bean}. */
	static final class SpringMemberBeans implements MemberBeans {

		private final ListableBeanFactory beanFactory;

		SpringMemberBeans(ListableBeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		@Override
		public <T> T bean(Class<T> type) {
			try {
				return this.beanFactory.getBean(type);
			}
			catch (BeansException ex) {
				throw new IllegalStateException("this member has no single bean of type " + type.getName(), ex);
			}
		}

		@Override
		public Object bean(String name) {
			try {
				return this.beanFactory.getBean(name);
			}
			catch (BeansException ex) {
				throw new IllegalStateException("this member has no bean named " + name, ex);
			}
		}

	}

}
