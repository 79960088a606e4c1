package io.cloudpickle.crossjvm;

import com.acme.analytics.deps.Factory;
import com.acme.analytics.deps.Graph;
import com.acme.analytics.deps.Job;
import com.acme.analytics.deps.Nest;
import com.acme.analytics.deps.Pipeline;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transitive by-value closure (every kind of reference, nest hosts and members), and
 * nothing more.
 */
class DependencyCrossJvmTest {

	private static Pickler pickler;

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	@BeforeAll
	static void setUp() {
		pickler = Pickler.builder().byValuePackages("com.acme.analytics.deps").build();
	}

	@Test
	void lambdaInACallsHelperInBThatUsesRecordCAllThreeTravelIntoOneRuntimePackage() {
		byte[] payload = pickler.dumps(Pipeline.run(5));
		assertThat(Payloads.contains(payload, "com/acme/analytics/deps/Scaler")).isTrue();
		assertThat(Payloads.contains(payload, "com/acme/analytics/deps/Factor")).isTrue();
		for (String name : new String[] { "Pipeline", "Scaler", "Factor" }) {
			assertThat(child.hasClass("com.acme.analytics.deps." + name)).isFalse();
		}
		assertThat(child.call(payload)).isEqualTo("16|sameLoader=true|samePackage=true|shipped=true");
	}

	@Test
	void aTypeOnlyInAnUnusedMethodDescriptorStillTravelsSoGetDeclaredMethodsWorks() {
		byte[] payload = pickler.dumps(Pipeline.declaredMethods());
		assertThat((String) child.call(payload)).contains("unused(OnlyInSignature)", "run(int)", "scaled()",
				"declaredMethods()", "signature(Method)");
	}

	@Test
	void nestHostAndAllNestMembersTravelWithAMember() {
		byte[] payload = pickler.dumps(new Nest.Probe());
		assertThat(child.call(payload)).isEqualTo("42|host=Nest|members=Member,Nest,Probe,Sibling|nestmates=true");
	}

	@Test
	void onlyReferencedClassesAreShipped() {
		byte[] payload = pickler.dumps(Job.task());
		assertThat(child.call(payload)).isEqualTo(42);
		assertThat(Payloads.contains(payload, "com/acme/analytics/deps/Job")
				|| Payloads.contains(payload, "com.acme.analytics.deps.Job"))
			.isTrue();
		assertThat(Payloads.contains(payload, "UnrelatedHelperNeverReferenced")).isFalse();
		assertThat(Payloads.contains(payload, "UNRELATED-MARKER")).isFalse();
		assertThat(Payloads.contains(payload, "Pipeline")).isFalse();
		assertThat(Payloads.contains(payload, "Settings")).isFalse();
		assertThat(Payloads.classFiles(payload)).isEqualTo(1);
	}

	@Test
	void theScanFollowsLambdaBodiesInsideLambdasAndAnonymousClassesInsideLambdas() {
		byte[] payload = pickler.dumps(Factory.make());
		assertThat(Payloads.contains(payload, "com/acme/analytics/deps/Settings")).isTrue();
		assertThat(child.call(payload)).isEqualTo("101|settings");
	}

	@Test
	void recursiveHelpersWithAByValueInstanceShipTheClosureOnce() {
		byte[] one = pickler.dumps(Graph.task(new Graph.Foo(2)));
		byte[] two = pickler.dumps(Graph.task(new Graph.Foo(2), new Graph.Foo(5)));
		assertThat(child.call(one)).isEqualTo(2 * (4 + 3 + 2 + 1));
		assertThat(child.call(two)).isEqualTo(20 + 5);
		assertThat(Payloads.classFiles(two)).isEqualTo(Payloads.classFiles(one)).isGreaterThanOrEqualTo(2);
	}

}
