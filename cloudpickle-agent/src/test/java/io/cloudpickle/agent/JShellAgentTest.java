package io.cloudpickle.agent;

import java.util.Base64;
import java.util.List;

import com.acme.analytics.plain.Tasks;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.JShellSnippets;
import io.cloudpickle.testing.PerClassRemoteJvm;
import jdk.jshell.JShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.cloudpickle.testing.JShellSnippets.eval;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JShell session through the real {@code jdk.jshell} API: at the prompt,
 * {@code Function<Integer, Integer> f = x -> x * k;} with no Serializable anywhere is
 * pickled and then run in a child JVM that has neither the agent nor the JShell classes.
 * Remote execution (JShell's default) gets the agent as {@code -R-javaagent:} would give
 * it; local execution runs in this JVM, which has the agent as {@code -J-javaagent:}
 * would give it.
 */
class JShellAgentTest {

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	private static final Pickler fixtures = Pickler.builder().byValuePackages("com.acme.analytics.plain").build();

	@Test
	void remoteExecutionWithTheAgent() throws Exception {
		try (JShell jshell = JShell.builder()
			.remoteVMOptions("-javaagent:" + System.getProperty("cloudpickle.test.agentJar"))
			.build()) {
			assertThePromptsLambdaRunsInTheChild(jshell);
			assertThat(eval(jshell, "System.getProperty(\"cloudpickle.agent.packages\")")).isEqualTo("\"*\"");
		}
	}

	@Test
	void localExecutionInAJvmWithTheAgent() throws Exception {
		try (JShell jshell = JShell.builder().executionEngine("local").build()) {
			assertThePromptsLambdaRunsInTheChild(jshell);
		}
	}

	private static void assertThePromptsLambdaRunsInTheChild(JShell jshell) throws Exception {
		JShellSnippets.addEngineToClassPath(jshell);
		eval(jshell, "import java.util.function.*;");
		eval(jshell, "import io.cloudpickle.CloudPickle;");
		eval(jshell, "int k = 3;");
		eval(jshell, "Function<Integer, Integer> f = x -> x * k;");
		assertThat(eval(jshell, "f.apply(10)")).isEqualTo("30");
		assertThat(eval(jshell, "f instanceof java.io.Serializable")).as("the agent rewrote the snippet")
			.isEqualTo("true");
		String quoted = eval(jshell, "java.util.Base64.getEncoder().encodeToString(CloudPickle.dumps(f))");
		byte[] payload = Base64.getDecoder().decode(quoted.substring(1, quoted.length() - 1));
		List<?> result = (List<?>) child.call(fixtures.dumps(new Tasks.LoadAndApply(payload, 10)));
		assertThat(result.get(0)).isEqualTo(30);
		assertThat((String) result.get(1)).startsWith("REPL.");
		assertThat(child.hasClass("REPL.$JShell$1")).isFalse();
	}

}
