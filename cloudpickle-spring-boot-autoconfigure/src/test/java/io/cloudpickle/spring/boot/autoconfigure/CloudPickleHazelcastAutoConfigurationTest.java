package io.cloudpickle.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.example.fixtures.beans.Greeter;
import com.example.fixtures.beans.GreetingTasks;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.hazelcast.CloudPickleHazelcast;
import io.cloudpickle.hazelcast.WireTypes;
import io.cloudpickle.spring.PickleService;
import io.cloudpickle.spring.beans.BeanReferences;
import io.cloudpickle.security.PayloadSignatureException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Hazelcast auto-configuration on a real embedded member (loopback, free port, no
 * join wait), and Spring beans by reference.
 */
class CloudPickleHazelcastAutoConfigurationTest {

	private static final String KEY = "cloudpickle.security.hmac.keys.k1=" + Base64.getEncoder()
		.encodeToString("a 32-byte key for the hazelcast!".getBytes(StandardCharsets.US_ASCII));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CloudPickleBeansByReferenceAutoConfiguration.class,
				CloudPickleAutoConfiguration.class, HazelcastAutoConfiguration.class,
				CloudPickleHazelcastAutoConfiguration.class))
		.withUserConfiguration(MemberApplication.class);

	@Configuration(proxyBeanMethods = false)
	static class MemberApplication {

		@Bean
		Config hazelcastConfig() throws IOException {
			int port;
			try (ServerSocket probe = new ServerSocket(0)) {
				port = probe.getLocalPort();
			}
			Config config = new Config();
			config.setClusterName("autoconfig-" + UUID.randomUUID());
			config.setProperty("hazelcast.phone.home.enabled", "false");
			config.setProperty("hazelcast.wait.seconds.before.join", "0");
			config.setProperty("hazelcast.shutdownhook.enabled", "false");
			config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
			config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
			config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
			config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
			return config;
		}

		@Bean
		Greeter greeter() {
			return new Greeter("the member");
		}

	}

	@Test
	void aMemberRunsClosuresThatCaptureItsOwnBeans() {
		this.runner
			.withPropertyValues(KEY, "cloudpickle.security.signing-key-id=k1",
					"cloudpickle.security.allowed-by-value-packages=com.example.fixtures.beans",
					"cloudpickle.by-value-packages=com.example.fixtures.beans")
			.run((context) -> {
				HazelcastInstance member = context.getBean(HazelcastInstance.class);
				try {
					assertThat(member.getConfig().getSerializationConfig().getDataSerializableFactories())
						.containsKey(WireTypes.FACTORY_ID);
					CloudPickleHazelcast cluster = context.getBean(CloudPickleHazelcast.class);
					Greeter greeter = context.getBean(Greeter.class);
					String answer = cluster.onKeyOwner("greetings", "k", GreetingTasks.greet(greeter, "Ada"))
						.get(60, TimeUnit.SECONDS);
					assertThat(answer).isEqualTo("hello Ada from the member / member's own bean: true");

					byte[] payload = context.getBean(PickleService.class).dumps(GreetingTasks.greet(greeter, "Bo"));
					assertThat(new String(payload, StandardCharsets.ISO_8859_1))
						.contains(BeanReferences.PREFIX + "greeter:" + Greeter.class.getName());
					assertThatThrownBy(() -> Pickler.builder().build().loads(payload))
						.isInstanceOf(PickleException.class)
						.hasMessageContaining("spring-bean:greeter:com.example.fixtures.beans.Greeter");
				}
				finally {
					member.getLifecycleService().terminate();
				}
			});
	}

	@Test
	void aReceiverWithoutTheBeanRefusesThePayloadNamingIt() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CloudPickleBeansByReferenceAutoConfiguration.class,
					CloudPickleAutoConfiguration.class))
			.withBean(Greeter.class, () -> new Greeter("sender"))
			.withPropertyValues("cloudpickle.by-value-packages=com.example.fixtures.beans")
			.run((sender) -> {
				byte[] payload = sender.getBean(PickleService.class)
					.dumps(GreetingTasks.greet(sender.getBean(Greeter.class), "Cy"));
				new ApplicationContextRunner()
					.withConfiguration(AutoConfigurations.of(CloudPickleBeansByReferenceAutoConfiguration.class,
							CloudPickleAutoConfiguration.class))
					.run((receiver) -> assertThatThrownBy(() -> receiver.getBean(PickleService.class).loads(payload))
						.isInstanceOf(PickleException.class)
						.hasMessageContaining("Spring bean 'greeter' (com.example.fixtures.beans.Greeter)")
						.hasMessageContaining("no bean of that name"));
			});
	}

	@Test
	void beansTravelByValueWhenTurnedOff() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CloudPickleBeansByReferenceAutoConfiguration.class,
					CloudPickleAutoConfiguration.class))
			.withBean(Greeter.class, () -> new Greeter("sender"))
			.withPropertyValues("cloudpickle.by-value-packages=com.example.fixtures.beans",
					"cloudpickle.beans-by-reference=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(BeanReferences.class);
				assertThatThrownBy(() -> context.getBean(PickleService.class)
					.dumps(GreetingTasks.greet(context.getBean(Greeter.class), "Di")))
					.isInstanceOf(PickleException.class)
					.hasMessageContaining("java.lang.Thread");
			});
	}

	@Test
	void withoutVerificationKeysMembersRefuseEveryTask() {
		this.runner.withPropertyValues("cloudpickle.by-value-packages=com.example.fixtures.beans").run((context) -> {
			HazelcastInstance member = context.getBean(HazelcastInstance.class);
			try {
				CloudPickleHazelcast cluster = context.getBean(CloudPickleHazelcast.class);
				assertThatThrownBy(() -> cluster
					.onKeyOwner("greetings", "k", GreetingTasks.greet(context.getBean(Greeter.class), "Eve"))
					.get(60, TimeUnit.SECONDS)).cause().isInstanceOf(PayloadSignatureException.class);
			}
			finally {
				member.getLifecycleService().terminate();
			}
		});
	}

}
