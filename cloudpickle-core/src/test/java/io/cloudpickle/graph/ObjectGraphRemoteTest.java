package io.cloudpickle.graph;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.example.fixtures.Describe;
import com.example.fixtures.Task;
import com.example.fixtures.graph.Annotated;
import com.example.fixtures.graph.BackRefKey;
import com.example.fixtures.graph.Base;
import com.example.fixtures.graph.Box;
import com.example.fixtures.graph.Color;
import com.example.fixtures.graph.Cyclic;
import com.example.fixtures.graph.FixtureException;
import com.example.fixtures.graph.GraphTasks;
import com.example.fixtures.graph.IntBox;
import com.example.fixtures.graph.KeyNode;
import com.example.fixtures.graph.Person;
import com.example.fixtures.graph.Range;
import com.example.fixtures.graph.Samples;
import com.example.fixtures.graph.Sub;
import io.cloudpickle.PickleException;
import io.cloudpickle.testing.RemoteFailure;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Any object graph, through a child JVM that has none of the fixture classes: every
 * sample of {@link Samples#catalogue()} is described ({@link Describe}) and mutated in
 * the child and the text compared with the sender's; the child also re-pickles it back
 * (echo). Dedicated tests cover shared state, cycles, nulls, comparators, immutability,
 * identity of JDK singletons, exceptions, records, annotations and generics.
 */
class ObjectGraphRemoteTest extends FixtureChildTest {

	@Test
	void theChildReallyLacksTheFixtures() {
		assertThat(child.hasClass(Describe.class.getName())).isFalse();
		assertThat(child.hasClass(Person.class.getName())).isFalse();
		assertThat(child.hasClass(Samples.class.getName())).isFalse();
	}

	/**
	 * Every catalogue sample, three ways: described in the child, echoed back through the
	 * child, in-JVM.
	 */
	@TestFactory
	Stream<DynamicContainer> catalogue() {
		List<DynamicContainer> out = new ArrayList<>();
		for (Map.Entry<String, Supplier<Object>> e : Samples.catalogue().entrySet()) {
			Supplier<Object> sample = e.getValue();
			out.add(DynamicContainer.dynamicContainer(e.getKey(),
					Stream.of(DynamicTest.dynamicTest("described and mutated in the child", () -> {
						String expected = Describe.withProbe(sample.get());
						Object actual = runInChild(GraphTasks.describe(sample.get()));
						assertThat(actual).isEqualTo(expected);
					}), DynamicTest.dynamicTest("echoed back through the child", () -> {
						byte[] back = child.echo(pickler.dumps(sample.get()));
						assertThat(Describe.withProbe(pickler.loads(back))).isEqualTo(Describe.withProbe(sample.get()));
					}), DynamicTest.dynamicTest("in-JVM round trip", () -> {
						Object copy = pickler.loads(pickler.dumps(sample.get()));
						assertThat(Describe.withProbe(copy)).isEqualTo(Describe.withProbe(sample.get()));
					}))));
		}
		return out.stream();
	}

	/**
	 * JDK values that are not Serializable (no JDK serialization to delegate to): they
	 * need built-in codecs.
	 */
	@TestFactory
	Stream<DynamicTest> nonSerializableJdkValues() {
		List<DynamicTest> out = new ArrayList<>();
		for (Map.Entry<String, Supplier<Object>> e : Samples.nonSerializableJdkValues().entrySet()) {
			Supplier<Object> sample = e.getValue();
			out.add(DynamicTest.dynamicTest(e.getKey(), () -> {
				String expected = Describe.withProbe(sample.get());
				Object actual = runInChild(GraphTasks.describe(sample.get()));
				assertThat(actual).isEqualTo(expected);
			}));
		}
		return out.stream();
	}

	// ---- unbound stays unbound ----

	@Test
	void capturedNullStaysNullAndEmptyOptionalStaysEmpty() {
		Person loner = new Person("loner", 1);
		Object result = runInChild(GraphTasks.nulls(null, Optional.empty(), new Object[] { null, "x" }, loner));
		assertThat(result).isEqualTo(Arrays.asList(true, true, 2, true, "x", true));
	}

	// ---- shared mutable state ----

	@Test
	void twoLambdasSharingOneCounterInOnePayloadStillShareItInTheChild() {
		AtomicInteger counter = new AtomicInteger();
		Task<Integer> a = GraphTasks.incrementer(counter); // bound method reference
		Task<Integer> b = GraphTasks.incrementerLambda(counter); // lambda
		Object result = runInChild(GraphTasks.runABA(a, b));
		assertThat(result).isEqualTo(List.of(1, 2, 3));
		assertThat(counter.get()).as("the sender's counter is untouched").isZero();
	}

	@Test
	void twoLambdasPickledInSeparatePayloadsGetSeparateCounters() {
		AtomicInteger counter = new AtomicInteger();
		byte[] a = pickler.dumps(GraphTasks.incrementer(counter));
		byte[] b = pickler.dumps(GraphTasks.incrementerLambda(counter));
		Object result = runInChild(GraphTasks.runABAFromTwoPayloads(a, b));
		assertThat(result).isEqualTo(List.of(1, 1, 2));
		assertThat(counter.get()).isZero();
	}

	@Test
	void aMutatingTaskStartsFreshOnEveryRunAndTheSenderKeepsItsValue() {
		AtomicInteger counter = new AtomicInteger();
		byte[] payload = pickler.dumps(GraphTasks.incrementer(counter));
		assertThat(child.call(payload)).isEqualTo(1);
		assertThat(child.call(payload)).isEqualTo(1);
		assertThat(counter.get()).isZero();
	}

	// ---- unhashable / non-Comparable captured collections ----

	@Test
	void lambdaCapturingHashCollectionsOfNonSerializableObjects() {
		Person ann = new Person("ann", 1);
		Person bob = new Person("bob", 2);
		Set<Person> people = new HashSet<>(List.of(ann, bob));
		Object result = runInChild(GraphTasks.unhashableCapture(people, List.of(ann)));
		// identity-hashed Person: contains() only works if the set holds the very objects
		// the list holds
		assertThat(result).isEqualTo(List.of(2, 1, List.of("ann", "bob"), true));
	}

	// ---- cycles and sharing ----

	@Test
	void cyclesThroughNonSerializableObjectsArePreserved() {
		Person a = new Person("ann", 30);
		Person b = new Person("bob", 40);
		a.friends().add(b);
		b.friends().add(a);
		a.setBestFriend(b);
		b.setBestFriend(b);
		// transient field skipped: the child sees null, not "cached" (no constructor ran)
		assertThat(runInChild(GraphTasks.cyclicPeople(a))).isEqualTo(List.of(true, true, true, "bob", "null"));
	}

	@Test
	void hashSetWhoseKeysPointBackAtTheSetStillFindsItsKeys() {
		Set<KeyNode> set = new HashSet<>();
		for (String id : List.of("k1", "k2", "k3")) {
			KeyNode k = new KeyNode(id);
			k.setOwner(set);
			set.add(k);
		}
		assertThat(runInChild(GraphTasks.cyclicKeys(set)))
			.isEqualTo(List.of("k1:true:true", "k2:true:true", "k3:true:true", true));
	}

	@Test
	void hashSetRebuiltWhileItsKeyIsStillBeingReadStillFindsTheKey() {
		Set<BackRefKey> set = new HashSet<>();
		BackRefKey root = null;
		for (String id : List.of("r1", "r2", "r3", "r4")) {
			BackRefKey k = new BackRefKey(id);
			k.setOwner(set);
			set.add(k);
			if (root == null) {
				root = k;
			}
		}
		assertThat(runInChild(GraphTasks.backRefKey(root))).isEqualTo(List.of(4, true, true, 4));
	}

	/**
	 * A record reached again through its own component cannot be built by its canonical
	 * constructor before its components exist: either the cycle is kept, or
	 * pickling/loading fails with a PickleException. Never a silent {@code null}.
	 */
	@Test
	void recordInACycleIsKeptOrRefusedButNeverSilentlyBroken() {
		List<Object> items = new ArrayList<>();
		Cyclic c = new Cyclic("loop", items);
		items.add(c);
		items.add("after");
		// Today the reader refuses it (the cycle passes through a list, a slot that
		// cannot be filled in later).
		assertThatThrownBy(() -> runInChild(GraphTasks.cyclicRecord(c))).isInstanceOfSatisfying(RemoteFailure.class,
				(f) -> assertThat(f.getMessage()).contains("cycle back into an object that is rebuilt from its parts"));
	}

	@Test
	void sharedReferencesKeepTheirIdentity() {
		Person p = new Person("shared", 1);
		Object[] selfRef = new Object[1];
		selfRef[0] = selfRef;
		Map<String, Object> map = new HashMap<>();
		map.put("p", p);
		Object[] graph = { p, p, new ArrayList<>(List.of(p)), map, selfRef };
		assertThat(runInChild(GraphTasks.sharing(graph))).isEqualTo(List.of(true, true, true, true, 4));
	}

	// ---- comparators, order, immutability ----

	@Test
	void treeMapKeepsItsByValueComparator() {
		TreeMap<String, Integer> map = new TreeMap<>(Samples.reverse());
		map.putAll(Map.of("a", 1, "z", 26, "q", 17));
		assertThat(runInChild(GraphTasks.treeMapBehaviour(map)))
			.isEqualTo(List.of(List.of("z", "q", "m", "a"), true, "z"));
	}

	@Test
	void immutableCollectionsStayImmutableAndWrappersKeepTheirRules() {
		List<Object> samples = List.of(List.of(1), Map.of("a", 1), Set.of("s"), List.of(),
				Collections.unmodifiableList(new ArrayList<>(List.of("u"))), Arrays.asList("p", "q"),
				Collections.unmodifiableMap(new HashMap<>(Map.of("m", 1))), new ArrayList<>(List.of("free")));
		@SuppressWarnings("unchecked")
		List<String> result = (List<String>) runInChild(GraphTasks.immutability(samples));
		assertThat(result).hasSize(8);
		for (int i = 0; i < 7; i++) {
			assertThat(result.get(i)).endsWith(" java.lang.UnsupportedOperationException");
		}
		assertThat(result.get(0)).startsWith("java.util.ImmutableCollections$List");
		assertThat(result.get(4)).startsWith("java.util.Collections$Unmodifiable");
		assertThat(result.get(5)).startsWith("java.util.Arrays$ArrayList");
		assertThat(result.get(7)).startsWith("java.util.ArrayList -> mutable: java.util.ArrayList#0size=2");
	}

	// ---- JDK singletons keep identity ----

	@Test
	void jdkSingletonsAndConstantsKeepTheirIdentityInTheChild() {
		ArrayList<Object> values = new ArrayList<>(List.of(Collections.emptyList(), Collections.emptyMap(),
				String.CASE_INSENSITIVE_ORDER, Collections.reverseOrder(), TimeUnit.SECONDS, Boolean.TRUE,
				Comparator.naturalOrder(), Color.GREEN, BigInteger.ZERO));
		assertThat(runInChild(GraphTasks.jdkIdentities(values)))
			.isEqualTo(Arrays.asList(true, true, true, true, true, true, true, true, true));
	}

	// ---- exceptions ----

	@Test
	void exceptionsKeepClassMessageCauseChainAndCustomFields() {
		IllegalStateException e = new IllegalStateException("outer",
				new FixtureException("middle", 42, new IOException("root cause")));
		String expected = Describe.of(e);
		assertThat(expected).contains("code=Integer:42").contains("root cause");
		assertThat(runInChild(GraphTasks.describe(e))).isEqualTo(Describe.withProbe(e));
	}

	@Test
	void anExceptionOfAByValueClassCreatedInTheChildComesBackIntact() {
		Object back = runInChild(GraphTasks.exceptionMadeInTheChild("made in child"));
		assertThat(back).isInstanceOf(Exception.class);
		assertThat(back.getClass().getName()).isEqualTo(FixtureException.class.getName());
		String text = Describe.of(back);
		assertThat(text).contains("made in child")
			.contains("code=Integer:5")
			.contains("child cause")
			.contains("in-child");
		assertThat(((Throwable) back).getStackTrace()).isNotEmpty();
	}

	@Test
	void exceptionsKeepTheirStackTraces() {
		Exception e = new IllegalStateException("outer", new FixtureException("middle", 7, null));
		List<Object> expected = new ArrayList<>();
		for (Throwable x = e; x != null; x = x.getCause()) {
			expected.add(x.getClass().getName() + ":" + x.getStackTrace().length + ":"
					+ GraphTasks.frame(x.getStackTrace()[0]));
		}
		assertThat(runInChild(GraphTasks.stackTrace(e))).isEqualTo(expected);
	}

	// ---- generator functions ship, live streams do not ----

	@Test
	void generatorLikeFunctionsShipAndRunInTheChild() {
		assertThat(runInChild(GraphTasks.generators(4))).isEqualTo(List.of(List.of(4, 3, 2, 1), List.of(1, 2, 4, 8)));
	}

	@Test
	void aLiveStreamIsRefusedWithAPickleException() {
		Stream<String> live = Stream.of("a", "b").map(String::toUpperCase);
		assertThatThrownBy(() -> pickler.dumps(live)).isInstanceOf(PickleException.class);
	}

	// ---- final fields, subclasses, constructors not called ----

	@Test
	void finalFieldsAreRestoredWithoutCallingConstructorsAndStayFinal() {
		Sub sub = new Sub(5, "five");
		// Base's constructor counts calls on whichever JVM runs it; the child defined
		// Base fresh, so any call there
		// would show up as a non-zero delta from 0.
		assertThat(runInChild(GraphTasks.finalFields(sub, 0)))
			.isEqualTo(List.of(5, "five", 0, true, true, List.of("b")));
		assertThat(Base.CONSTRUCTOR_CALLS.get()).isPositive();
	}

	@Test
	void recordsAreRebuiltThroughTheirCanonicalConstructor() {
		assertThat(runInChild(GraphTasks.records(new Range(1, 5))))
			.isEqualTo(List.of(1, 5, 4, true, true, List.of("lo:int", "hi:int"), true, "lo > hi: 5 > 1"));
	}

	// ---- annotations, including annotation types shipped by value
	// ----

	@Test
	void runtimeAnnotationsOfByValueTypesAreReadableInTheChild() {
		assertThat(runInChild(GraphTasks.annotations(new Annotated("hi"), new Range(0, 1))))
			.isEqualTo(List.of("annotated-class/7/GREEN", "field/1/BLUE", "method/2", "param", "suffix", "range/3",
					"low", "HI!", true));
	}

	// ---- type variables, generic superclasses, Class objects in the graph
	// ----

	@Test
	void typeVariablesAndGenericSupertypesResolveOnTheReceiver() {
		assertThat(runInChild(GraphTasks.generics(Box.class, Box.class, new IntBox(41)))).isEqualTo(
				List.of(true, true, true, "T extends java.lang.Comparable<T>", true, true, "java.lang.Integer", 42));
	}

	// ---- shipped classes are not registered globally on the receiver ----

	@Test
	void shippedClassesDoNotLeakIntoTheChildsClassPath() {
		assertThat(runInChild(GraphTasks.describe(new Person("x", 1)))).asString().contains(Person.class.getName());
		assertThat(child.hasClass(Person.class.getName())).isFalse();
		assertThat(child.hasClass(GraphTasks.class.getName())).isFalse();
	}

}
