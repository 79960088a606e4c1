package io.cloudpickle.crossjvm;

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Function;

import com.acme.analytics.plain.Ambiguous;
import com.acme.analytics.plain.PlainLambdas;
import io.cloudpickle.PickleException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Path 2: no agent, this JVM started with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} only (its own surefire execution,
 * see the pom). Plain lambdas are read from their hidden class's constant pool and their
 * capturing class's call site.
 */
class PlainLambdaWithOpensTest extends PlainLambdaScenarios {

	@Test
	void thisJvmHasTheOpensFlagAndNoAgent() {
		List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
		assertThat(arguments).contains("--add-opens=java.base/java.lang=ALL-UNNAMED")
			.noneMatch((arg) -> arg.contains("javaagent") || arg.contains("jdk.internal.reflect"));
		assertThat(PlainLambdas.times(3)).isNotInstanceOf(Serializable.class);
		assertThat(child.hasClass(PlainLambdas.class.getName())).isFalse();
	}

	@Test
	void callSitesThatNothingTellsApartAreRefusedNotGuessed() {
		Function<String, Object> f = Ambiguous.lengthAsObject();
		assertThatThrownBy(() -> pickler.dumps(f)).isInstanceOf(PickleException.class)
			.hasMessageContaining("2 call sites of com.acme.analytics.plain.Ambiguous could have created it")
			.hasMessageContaining("-javaagent:")
			.hasMessageContaining("Serializable");
	}

}
