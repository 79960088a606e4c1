package io.cloudpickle.crossjvm;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Function;

import com.acme.analytics.plain.PlainLambdas;
import com.acme.analytics.plain.Tasks;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Path 3: no agent and no {@code --add-opens}: a plain lambda is refused with a message
 * that names it, its capturing class, where it sits in the graph, and the three ways out
 * spelled so they can be copied.
 */
class PlainLambdaRefusalTest {

	private final Pickler pickler = Pickler.builder().byValuePackages("com.acme.analytics.plain").build();

	@Test
	void thisJvmHasNeitherTheAgentNorTheOpens() {
		assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
			.noneMatch((arg) -> arg.contains("add-opens") || arg.contains("javaagent"));
	}

	@Test
	void aPlainLambdaIsRefusedWithTheThreeWaysOut() {
		Function<Integer, Integer> f = PlainLambdas.times(3);
		assertThatThrownBy(() -> this.pickler.dumps(new Tasks.Apply<>(f, 10))).isInstanceOf(PickleException.class)
			.hasMessageContaining("cannot pickle " + f.getClass().getName())
			.hasMessageContaining("created in com.acme.analytics.plain.PlainLambdas")
			.hasMessageContaining("component f")
			.hasMessageContaining("-javaagent:/path/to/cloudpickle-agent-" + projectVersion() + ".jar")
			.hasMessageContaining("--add-opens java.base/java.lang=ALL-UNNAMED")
			.hasMessageContaining("(Function<A, B> & Serializable)");
	}

	@Test
	void aPlainLambdaInsideAListIsRefusedWithItsPath() {
		assertThatThrownBy(() -> this.pickler.dumps(List.of(1, PlainLambdas.length())))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("created in com.acme.analytics.plain.PlainLambdas")
			.hasMessageContaining("element 1");
	}

	@Test
	void serializableLambdasStillTravelAsBefore() {
		byte[] payload = this.pickler.dumps(PlainLambdas.serializable(4));
		@SuppressWarnings("unchecked")
		Function<Integer, Integer> back = (Function<Integer, Integer>) this.pickler.loads(payload);
		assertThat(back.apply(5)).isEqualTo(20);
	}

	private static String projectVersion() {
		String version = System.getProperty("cloudpickle.test.projectVersion");
		assertThat(version).as("surefire sets cloudpickle.test.projectVersion").isNotBlank();
		return version;
	}

}
