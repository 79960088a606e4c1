package io.cloudpickle.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 7: {@link Workload#STRING_INT_MAP}, a {@code HashMap<String, Integer>} of
 * 1,000 entries.
 */
@State(Scope.Thread)
public class StringIntMapBenchmark extends AbstractSerializationBenchmark {

	@Param({ "cloudpickle", "jdk", "kryo-reg", "kryo-unreg", "fory-reg", "fory-unreg" })
	public String library;

	@Setup(Level.Trial)
	public void setup() {
		init(Workload.STRING_INT_MAP, library);
	}

}
