package io.cloudpickle.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Workload 1: {@link Workload#POJO}, the Serializable MediaContent graph. */
@State(Scope.Thread)
public class PojoBenchmark extends AbstractSerializationBenchmark {

	@Param({ "cloudpickle", "jdk", "kryo-reg", "kryo-unreg", "fory-reg", "fory-unreg" })
	public String library;

	@Setup(Level.Trial)
	public void setup() {
		init(Workload.POJO, library);
	}

}
