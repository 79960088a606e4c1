package io.cloudpickle.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Workload 5: {@link Workload#DOUBLE_ARRAY}, {@code double[1_000_000]} (8 MB). */
@State(Scope.Thread)
public class DoubleArrayBenchmark extends AbstractSerializationBenchmark {

	@Param({ "cloudpickle", "jdk", "kryo-reg", "kryo-unreg", "fory-reg", "fory-unreg" })
	public String library;

	@Setup(Level.Trial)
	public void setup() {
		init(Workload.DOUBLE_ARRAY, library);
	}

}
