package io.cloudpickle.agent;

import java.util.ArrayList;
import java.util.List;

import com.acme.analytics.plain.Tasks;
import com.acme.attach.AgentApp;
import com.sun.tools.attach.VirtualMachine;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Agent-Class}: the agent attached to a JVM that is already running, through the
 * JDK's attach API ({@code jdk.attach}), as {@code jcmd <pid> JVMTI.agent_load} or a tool
 * would. A class first loaded after the attach makes plain lambdas that pickle and run in
 * a child JVM that has neither the class nor the agent. A class loaded before the attach
 * is not rewritten (the agent does not retransform loaded classes): its plain lambdas are
 * refused with a message that says so.
 */
class AttachToRunningJvmTest {

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	private static final Pickler fixtures = Pickler.builder().byValuePackages("com.acme.analytics.plain").build();

	@Test
	void classesLoadedAfterTheAttachMakePicklableLambdasAndEarlierOnesAreRefusedClearly() throws Exception {
		List<String> options = new ArrayList<>();
		if (Runtime.version().feature() >= 21) {
			// Loading an agent into a running JVM prints a warning from JDK 21 on without
			// it.
			options.add("-XX:+EnableDynamicAgentLoading");
		}
		try (AppJvm app = AppJvm.start(options, List.of("-cp", AppJvm.appClassPath(), AgentApp.class.getName()))) {
			assertThat(app.ask("early")).isEqualTo("loaded com.acme.attach.EarlyJobs");
			assertThat(app.ask("agent")).isEqualTo("none");

			VirtualMachine vm = VirtualMachine.attach(Long.toString(app.pid()));
			try {
				vm.loadAgent(System.getProperty("cloudpickle.test.agentJar"));
			}
			finally {
				vm.detach();
			}
			assertThat(app.ask("agent")).isEqualTo("*");

			String late = app.ask("dump-late");
			assertThat(late).startsWith("PAYLOAD serializable ");
			List<?> result = (List<?>) child.call(fixtures.dumps(new Tasks.LoadAndApply(AppJvm.payload(late), 10)));
			assertThat(result.get(0)).isEqualTo(15);
			assertThat((String) result.get(1)).startsWith("com.acme.attach.LateJobs$$Lambda");
			assertThat(child.hasClass("com.acme.attach.LateJobs")).isFalse();

			assertThat(app.ask("dump-early")).startsWith("REFUSED plain ")
				.contains("the lambda, created in com.acme.attach.EarlyJobs, is not Serializable")
				.contains("it is running, but did not rewrite com.acme.attach.EarlyJobs")
				.contains("was loaded before it started")
				.contains("--add-opens java.base/java.lang=ALL-UNNAMED");
			assertThat(app.stderr()).doesNotContain("WARNING").doesNotContain("cloudpickle-agent:");
		}
	}

}
