package io.cloudpickle.agent;

import java.io.Serializable;
import java.util.function.Function;

import com.acme.analytics.plain.Ambiguous;
import com.acme.analytics.plain.PlainLambdas;
import io.cloudpickle.crossjvm.PlainLambdaScenarios;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Path 1: this JVM runs with {@code -javaagent:cloudpickle-agent-<version>.jar} (see the
 * pom), the child JVM without agent and without the fixture classes. Every scenario of
 * {@link PlainLambdaScenarios} runs through the agent's rewrite; a lambda made on the
 * receiver travels back because the receiver applies the same rewrite to the classes it
 * defines.
 */
class AgentCrossJvmTest extends PlainLambdaScenarios {

	@Test
	void theAgentRewroteTheApplicationClassesButNotTheEngineOrThisTest() {
		assertThat(System.getProperty(CloudPickleAgent.ACTIVE_PROPERTY)).isEqualTo("*");
		assertThat(PlainLambdas.times(3)).isInstanceOf(Serializable.class);
		Function<Integer, Integer> mine = (x) -> x;
		assertThat(mine).as("io.cloudpickle classes are never rewritten").isNotInstanceOf(Serializable.class);
		assertThat(child.hasClass(PlainLambdas.class.getName())).isFalse();
	}

	@Test
	void callSitesThatLookAlikeAreNoProblemForTheAgent() {
		Function<String, Object> f = Ambiguous.lengthAsObject();
		assertThat(remote(new com.acme.analytics.plain.Tasks.Apply<>(f, "four"))).isEqualTo(4);
	}

}
