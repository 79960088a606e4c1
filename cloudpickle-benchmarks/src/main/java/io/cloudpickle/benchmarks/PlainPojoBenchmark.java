package io.cloudpickle.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 2: {@link Workload#PLAIN_POJO}, MediaContent without Serializable (no JDK
 * serialization: it cannot write it).
 */
@State(Scope.Thread)
public class PlainPojoBenchmark extends AbstractSerializationBenchmark {

	@Param({ "cloudpickle", "kryo-reg", "kryo-unreg", "fory-reg", "fory-unreg" })
	public String library;

	@Setup(Level.Trial)
	public void setup() {
		init(Workload.PLAIN_POJO, library);
	}

}
