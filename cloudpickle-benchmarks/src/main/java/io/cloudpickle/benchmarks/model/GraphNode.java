package io.cloudpickle.benchmarks.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A node of the cyclic-graph workload: {@code next} chains all nodes into one ring (the
 * last points back at the first), {@code back} points at a random earlier node (or
 * itself). Deliberately no {@code equals}: see {@link #checkSameShape}.
 */
public final class GraphNode implements Serializable {

	private static final long serialVersionUID = 1L;

	public int id;

	public double weight;

	public GraphNode next;

	public GraphNode back;

	public GraphNode() {
	}

	/** A ring of {@code n} nodes with seeded random back-edges; returns node 0. */
	public static GraphNode ring(int n, long seed) {
		Random random = new Random(seed);
		GraphNode[] nodes = new GraphNode[n];
		for (int i = 0; i < n; i++) {
			nodes[i] = new GraphNode();
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
	 * Walks both rings along {@code next} and checks ids, weights and that every
	 * {@code back} edge points at the very node of the copy with the right id (shared
	 * references kept, cycles closed). Iterative: no deep recursion.
	 */
	public static void checkSameShape(GraphNode expected, GraphNode actual) {
		List<GraphNode> copy = new ArrayList<>();
		GraphNode e = expected;
		GraphNode a = actual;
		do {
			if (a == null) {
				throw new IllegalStateException("ring broken after " + copy.size() + " nodes");
			}
			if (a.id != e.id || Double.compare(a.weight, e.weight) != 0) {
				throw new IllegalStateException("node " + copy.size() + " differs: id " + a.id + " vs " + e.id);
			}
			copy.add(a);
			e = e.next;
			a = a.next;
		}
		while (e != expected);
		if (a != actual) {
			throw new IllegalStateException("the copy's ring does not close on its first node");
		}
		e = expected;
		for (GraphNode node : copy) {
			if (node.back != copy.get(e.back.id)) {
				throw new IllegalStateException(
						"back edge of node " + node.id + " is not the shared node " + e.back.id);
			}
			e = e.next;
		}
	}

}
