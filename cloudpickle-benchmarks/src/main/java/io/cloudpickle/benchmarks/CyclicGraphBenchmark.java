package io.cloudpickle.benchmarks;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 6: {@link Workload#CYCLIC_GRAPH}, a 10,000-node ring with random back-edges.
 * JDK serialization, Kryo and Fory recurse once per node along the ring, so the forked
 * JVM gets a 64 MB thread stack ({@code -Xss64m}); Kryo and Fory track references here.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-Xss64m" })
public class CyclicGraphBenchmark extends AbstractSerializationBenchmark {

	@Param({ "cloudpickle", "jdk", "kryo-reg", "kryo-unreg", "fory-reg", "fory-unreg" })
	public String library;

	@Setup(Level.Trial)
	public void setup() {
		init(Workload.CYCLIC_GRAPH, library);
	}

}
