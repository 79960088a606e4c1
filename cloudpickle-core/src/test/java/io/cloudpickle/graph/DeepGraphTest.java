package io.cloudpickle.graph;

import java.time.Duration;
import java.util.LinkedList;
import java.util.List;

import com.example.fixtures.deep.Cons;
import com.example.fixtures.deep.DeepTasks;
import com.example.fixtures.deep.HookedLink;
import com.example.fixtures.deep.Node;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Graphs a million deep pickle and load with the default thread stack (surefire's and the
 * child's), no StackOverflowError.
 */
class DeepGraphTest extends FixtureChildTest {

	private static final int MILLION = 1_000_000;

	private static final long EXPECTED_SUM = (long) MILLION * (MILLION - 1) / 2;

	/**
	 * For in-JVM round trips: fixtures by reference, so loaded objects are instances of
	 * this JVM's classes.
	 */
	private static final Pickler inJvm = Pickler.builder().useGlobalRegistry(false).build();

	@Test
	void millionNodeLinkedListOfUserNodesTravelsToTheChild() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			Node head = Node.list(MILLION);
			byte[] payload = pickler.dumps(DeepTasks.walkTask(head));
			assertThat(child.call(payload)).isEqualTo(List.of((long) MILLION, EXPECTED_SUM));
		});
	}

	@Test
	void millionNodeLinkedListRoundTripsInJvm() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			Node head = Node.list(MILLION);
			Node copy = (Node) inJvm.loads(inJvm.dumps(head));
			assertThat(copy).isNotSameAs(head);
			assertThat(DeepTasks.walk(copy, Long.MAX_VALUE)).isEqualTo(List.of((long) MILLION, EXPECTED_SUM));
		});
	}

	@Test
	void millionNodeRingKeepsItsCycle() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			Node head = Node.list(MILLION);
			Node tail = head;
			while (tail.next() != null) {
				tail = tail.next();
			}
			tail.setNext(head);
			Object result = child.call(pickler.dumps(DeepTasks.ringTask(head, MILLION)));
			assertThat(result).isEqualTo(List.of(true, List.of((long) MILLION, EXPECTED_SUM)));
		});
	}

	@Test
	void deeplyNestedListsTravel() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			int depth = 100_000;
			Object nested = DeepTasks.nestedLists(depth);
			assertThat(child.call(pickler.dumps(DeepTasks.depthTask(nested)))).isEqualTo((long) depth - 1);
		});
	}

	@Test
	void deeplyNestedObjectArraysTravel() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			int depth = 100_000;
			Object nested = DeepTasks.nestedArrays(depth);
			assertThat(child.call(pickler.dumps(DeepTasks.depthTask(nested)))).isEqualTo((long) depth);
		});
	}

	@Test
	void hundredThousandDeepRecordChainTravels() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			int n = 100_000;
			Object result = child.call(pickler.dumps(DeepTasks.consTask(Cons.of(n))));
			assertThat(result).isEqualTo(List.of((long) n, (long) n * (n - 1) / 2));
		});
	}

	@Test
	void hundredThousandDeepImmutableListsTravel() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			int depth = 100_000;
			Object nested = DeepTasks.nestedImmutableLists(depth);
			assertThat(child.call(pickler.dumps(DeepTasks.depthTask(nested)))).isEqualTo((long) depth - 1);
		});
	}

	@Test
	void hundredThousandDeepHashMapsTravel() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			int depth = 100_000;
			Object nested = DeepTasks.nestedHashMaps(depth);
			assertThat(child.call(pickler.dumps(DeepTasks.mapOrOptionalDepthTask(nested)))).isEqualTo((long) depth - 1);
		});
	}

	@Test
	void hundredThousandDeepOptionalsTravel() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			int depth = 100_000;
			Object nested = DeepTasks.nestedOptionals(depth);
			assertThat(child.call(pickler.dumps(DeepTasks.mapOrOptionalDepthTask(nested)))).isEqualTo((long) depth);
		});
	}

	/**
	 * Objects with writeObject/readObject hooks read the rest of the chain inside the
	 * hook, which is recursive by nature: a deep chain either works or fails with a
	 * PickleException, never a StackOverflowError.
	 */
	@Test
	void hundredThousandDeepChainOfHookedObjectsWorksOrIsAPickleException() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			int n = 100_000;
			assertReturnsOrIsRefusedCleanly(DeepTasks.hookedTask(HookedLink.of(n)),
					List.of((long) n, (long) n * (n - 1) / 2), "deep");
		});
	}

	@Test
	void javaUtilLinkedListOfAMillionUserNodes() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			LinkedList<Node> list = new LinkedList<>();
			for (int i = 0; i < MILLION; i++) {
				list.add(new Node(i, null));
			}
			@SuppressWarnings("unchecked")
			LinkedList<Node> copy = (LinkedList<Node>) inJvm.loads(inJvm.dumps(list));
			assertThat(copy).hasSize(MILLION);
			assertThat(copy.getLast().value()).isEqualTo(MILLION - 1);
		});
	}

	/**
	 * A depth limit, when configured, is a PickleException naming the limit, not a
	 * StackOverflowError.
	 */
	@Test
	void aConfiguredDepthLimitGivesAPickleException() {
		Pickler strict = Pickler.builder()
			.byValuePackages("com.example.fixtures")
			.limits(PickleLimits.defaults().withMaxDepth(1_000))
			.build();
		byte[] payload = pickler.dumps(Node.list(10_000));
		Assertions.assertThatThrownBy(() -> strict.loads(payload))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("epth");
	}

}
