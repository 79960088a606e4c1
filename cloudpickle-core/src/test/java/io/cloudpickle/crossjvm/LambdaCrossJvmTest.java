package io.cloudpickle.crossjvm;

import java.util.AbstractMap.SimpleEntry;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import com.acme.analytics.lambdas.Apply;
import com.acme.analytics.lambdas.Counter;
import com.acme.analytics.lambdas.LambdaProbe;
import com.acme.analytics.lambdas.Lambdas;
import com.acme.analytics.lambdas.Point;
import com.acme.analytics.lambdas.Scorer;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.PickleException;
import io.cloudpickle.testing.PerClassRemoteJvm;
import io.cloudpickle.testing.RemoteFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Serializable lambdas and method references (static, bound, unbound, constructor),
 * capturing and not, pickled here with the global registry
 * ({@code com.acme.analytics.lambdas} registered by value) and loaded and run in a child
 * JVM that has only cloudpickle-core.
 */
class LambdaCrossJvmTest {

	private static final String PKG = "com.acme.analytics.lambdas";

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	@BeforeAll
	static void setUp() {
		CloudPickle.registerPickleByValue(PKG);
	}

	@AfterAll
	static void tearDown() {
		CloudPickle.unregisterPickleByValue(PKG);
	}

	private static Object remote(Object task) {
		return child.call(CloudPickle.dumps(task));
	}

	@Test
	void theExampleRunsInAJvmThatHasNeverSeenThePackage() {
		assertThat(child.hasClass("com.acme.analytics.lambdas.Lambdas")).isFalse();
		byte[] payload = CloudPickle.dumps(Lambdas.addK(5));
		// the function alone: the child re-pickles it back (A -> B -> A) and we run what
		// came back
		@SuppressWarnings("unchecked")
		Function<Integer, Integer> back = (Function<Integer, Integer>) CloudPickle.loads(child.echo(payload));
		assertThat(back.apply(10)).isEqualTo(15);
		// and applied in the child
		assertThat(remote(Apply.of(Lambdas.addK(5), 10))).isEqualTo(15);
		assertThat(child.hasClass("com.acme.analytics.lambdas.Lambdas")).isFalse();
	}

	@Test
	void captureFreeLambdaHasNoCapturesOnTheReceiver() {
		Supplier<Integer> one = Lambdas.constantOne();
		assertThat(remote(one)).isEqualTo(1);
		String probe = (String) remote(new LambdaProbe(one));
		assertThat(probe).contains("hidden=true", "serializable=true", "fields=0", "captured=0",
				"host=com.acme.analytics.lambdas.Lambdas", "hostOnSystemLoader=false");
	}

	@Test
	void capturingLambdaKeepsItsCapturesAndIsRebuiltAroundTheShippedCapturingClass() {
		String probe = (String) remote(new LambdaProbe(Lambdas.addK(5)));
		assertThat(probe).contains("hidden=true", "serializable=true", "fields=1", "captured=1",
				"host=com.acme.analytics.lambdas.Lambdas", "hostOnSystemLoader=false");
		BiFunction<Long, String, String> two = Lambdas.twoCaptures(3L, "s");
		assertThat(remote(new LambdaProbe(two))).asString().contains("fields=2", "captured=2");
		assertThat(remote(Lambdas.describeApply(two, 1L, "x"))).asString().startsWith("xs4|java.lang.String|");
	}

	@Test
	void nestedClosures() {
		// (10 + 4) / 2
		assertThat(remote(Apply.of(Lambdas.nested(4, 2), 10))).isEqualTo(7);
	}

	@Test
	void recursiveClosureResolvesToTheDeserializedInstance() {
		assertThat(remote(Lambdas.recursiveFactorial())).isEqualTo("120:true");
		assertThat(remote(Lambdas.recursiveLocalClass(20))).isEqualTo(6765);
	}

	@Test
	void staticMethodReferences() {
		assertThat(remote(Apply.of(Lambdas.staticJdkRef(), "-42"))).isEqualTo(-42);
		assertThat(remote(Apply.of(Lambdas.staticOwnRef(), 21))).isEqualTo(42);
		assertThat((String) remote(new LambdaProbe(Lambdas.staticOwnRef()))).contains("impl=twice", "captured=0");
	}

	@Test
	void boundMethodReferences() {
		assertThat(remote(Apply.of(Lambdas.boundJdkRef("pre-"), "fix"))).isEqualTo("pre-fix");
		Counter counter = new Counter(41);
		assertThat(remote(Lambdas.boundOwnRef(counter))).isEqualTo(42);
		// the receiver mutated its own copy only
		assertThat(counter.value()).isEqualTo(41);
		assertThat((String) remote(new LambdaProbe(Lambdas.boundOwnRef(counter)))).contains("impl=incrementAndGet",
				"captured=1");
	}

	@Test
	void unboundMethodReferences() {
		assertThat(remote(Apply.of(Lambdas.unboundJdkRef(), "hello"))).isEqualTo(5);
		assertThat(remote(Apply.of(Lambdas.unboundOwnRef(), new Point(3, 4)))).isEqualTo(5.0);
	}

	@Test
	void constructorReferences() {
		Supplier<List<String>> newList = Lambdas.constructorJdkRef();
		assertThat(remote(newList)).isEqualTo(List.of());
		BiFunction<Integer, Integer, Point> newPoint = Lambdas.constructorOwnRef();
		assertThat(remote(Lambdas.describeApply(newPoint, 3, 4)))
			.isEqualTo("Point[x=3, y=4]|com.acme.analytics.lambdas.Point|onSystemLoader=false");
		assertThat((String) remote(new LambdaProbe(newPoint))).contains("serializable=true", "captured=0");
		IntFunction<int[]> newArray = Lambdas.arrayConstructorRef();
		assertThat(remote(Lambdas.describeArray(newArray, 6))).isEqualTo("int[][6]");
	}

	@Test
	void instanceLambdasCapturingThis() {
		Scorer scorer = new Scorer(7);
		assertThat(remote(Apply.of(scorer.plusBase(), 1))).isEqualTo(8);
		assertThat(remote(Apply.of(scorer.scoreRef(), 2))).isEqualTo(207);
	}

	@Test
	void jdkCapturedLambdasTravelByReferenceAroundByValueKeyExtractors() {
		List<Point> points = List.of(new Point(3, 4), new Point(1, 1), new Point(0, 5), new Point(-1, 1));
		String sorted = (String) remote(Lambdas.sortWith(Lambdas.byNormThenX(), points));
		assertThat(sorted).isEqualTo(
				"[Point[x=-1, y=1], Point[x=1, y=1], Point[x=0, y=5], Point[x=3, y=4]]" + "|java.util.Comparator");
		List<Map.Entry<String, Integer>> entries = List.of(new SimpleEntry<>("b", 2), new SimpleEntry<>("a", 1));
		assertThat((String) remote(Lambdas.sortWith(Lambdas.entriesByKey(), entries)))
			.isEqualTo("[a=1, b=2]|java.util.Map"); // Map.Entry's nest host is Map
	}

	@Test
	void compositionWithJdkDefaultMethodsAndMethodRefs() {
		assertThat(remote(Lambdas.composed())).isEqualTo(7 + 3);
	}

	@Test
	void aJdkCapturedLambdaAloneCarriesNoClassFile() {
		byte[] payload = CloudPickle.dumps(Lambdas.entriesByKey());
		assertThat(Payloads.classFiles(payload)).isZero();
		assertThat(child.loadAndDescribe(payload)).contains("java.util.Map$Entry$$Lambda");
	}

	@Test
	void byReferenceCapturingClassInProcessRoundTrip() throws Exception {
		Function<String, Integer> f = ByRefLambdas.lengthPlus(10);
		byte[] payload = CloudPickle.dumps(f);
		assertThat(Payloads.classFiles(payload)).as("a by-reference lambda ships no class file").isZero();
		@SuppressWarnings("unchecked")
		Function<String, Integer> g = (Function<String, Integer>) CloudPickle.loads(payload);
		assertThat(g.apply("abc")).isEqualTo(13);
		// rebuilt around the very same capturing class, not a copy
		assertThat(g.getClass().getNestHost()).isSameAs(ByRefLambdas.class);
		@SuppressWarnings("unchecked")
		Function<String, Integer> h = (Function<String, Integer>) CloudPickle
			.loads(CloudPickle.dumps(ByRefLambdas.lengthRef()));
		assertThat(h.apply("four")).isEqualTo(4);
	}

	@Test
	void byReferenceCapturingClassMissingOnTheReceiverIsNamed() {
		byte[] payload = CloudPickle.dumps(ByRefLambdas.lengthPlus(1));
		assertThatThrownBy(() -> child.loadAndDescribe(payload)).isInstanceOfSatisfying(RemoteFailure.class, (f) -> {
			assertThat(f.remoteIsA("io.cloudpickle.PickleException")).as(f.getMessage()).isTrue();
			assertThat(f.remoteMessage()).contains("io.cloudpickle.crossjvm.ByRefLambdas", "registerPickleByValue");
		});
	}

	@Test
	void nonSerializableLambdaIsRefusedWithAHelpfulMessage() {
		assertThatThrownBy(() -> CloudPickle.dumps(Lambdas.notSerializable(1))).isInstanceOf(PickleException.class)
			.hasMessageContaining("Serializable");
	}

}
