package io.cloudpickle.graph;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import io.cloudpickle.Pickler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/BENCHMARKS.md: on the cyclic-graph workload (a ring of 10,000 nodes with seeded
 * random back-edges) "JDK serialization overflows a 512 KB stack", while cloudpickle
 * "round-trips the ring on a 512 KB thread stack". Both run here on a thread with a 512
 * KB stack.
 */
class SmallStackRingTest {

	private static final long STACK_BYTES = 512 * 1024;

	private static final int NODES = 10_000;

	@Test
	void cloudpickleRoundTripsTheRingOnA512KbStack() throws Exception {
		Pickler pickler = Pickler.builder().useGlobalRegistry(false).build();
		RingNode ring = RingNode.ring(NODES, 42);
		Object copy = onSmallStack(() -> pickler.loads(pickler.dumps(ring)));
		assertThat(copy).isInstanceOf(RingNode.class).isNotSameAs(ring);
		RingNode.checkSameShape(ring, (RingNode) copy);
	}

	@Test
	void jdkSerializationOverflowsA512KbStackOnTheRing() {
		RingNode ring = RingNode.ring(NODES, 42);
		assertThat(catchOnSmallStack(() -> {
			try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
				out.writeObject(ring);
			}
			return null;
		})).isInstanceOf(StackOverflowError.class);
	}

	private static Object onSmallStack(Callable<Object> work) throws Exception {
		AtomicReference<Object> result = new AtomicReference<>();
		Throwable failure = catchOnSmallStack(() -> {
			result.set(work.call());
			return null;
		});
		if (failure instanceof Exception ex) {
			throw ex;
		}
		if (failure != null) {
			throw new AssertionError("failed on a " + STACK_BYTES / 1024 + " KB stack", failure);
		}
		return result.get();
	}

	private static Throwable catchOnSmallStack(Callable<Object> work) {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread thread = new Thread(null, () -> {
			try {
				work.call();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		}, "small-stack", STACK_BYTES);
		thread.start();
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return failure.get();
	}

	/**
	 * The workload's node: {@code next} chains all nodes into one ring, {@code back}
	 * points at a random earlier node (or itself).
	 */
	static final class RingNode implements Serializable {

		private static final long serialVersionUID = 1L;

		int id;

		double weight;

		RingNode next;

		RingNode back;

		static RingNode ring(int n, long seed) {
			Random random = new Random(seed);
			RingNode[] nodes = new RingNode[n];
			for (int i = 0; i < n; i++) {
				nodes[i] = new RingNode();
				nodes[i].id = i;
				nodes[i].weight = random.nextDouble();
			}
			for (int i = 0; i < n; i++) {
				nodes[i].next = nodes[(i + 1) % n];
				nodes[i].back = nodes[random.nextInt(i + 1)];
			}
			return nodes[0];
		}

		/**
		 * Walks both rings iteratively: same ids and weights, the copy's ring closes, and
		 * every back edge points at the copy's node of the right id.
		 */
		static void checkSameShape(RingNode expected, RingNode actual) {
			List<RingNode> copy = new ArrayList<>();
			RingNode e = expected;
			RingNode a = actual;
			do {
				assertThat(a).as("node %d of the copy", copy.size()).isNotNull();
				assertThat(a.id).isEqualTo(e.id);
				assertThat(a.weight).isEqualTo(e.weight);
				copy.add(a);
				e = e.next;
				a = a.next;
			}
			while (e != expected);
			assertThat(a).as("the copy's ring closes on its first node").isSameAs(actual);
			assertThat(copy).hasSize(NODES);
			e = expected;
			for (RingNode node : copy) {
				assertThat(node.back).as("back edge of node %d", node.id).isSameAs(copy.get(e.back.id));
				e = e.next;
			}
		}

	}

}
