package io.cloudpickle.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 3: {@link Workload#LAMBDA_BY_REFERENCE}, a serializable capturing lambda,
 * capturing class by reference. Kryo runs in {@link LambdaByReferenceKryoBenchmark},
 * whose JVM opens {@code java.lang.invoke} as Kryo needs on JDK 17; this JVM runs with no
 * {@code --add-opens}.
 */
@State(Scope.Thread)
public class LambdaByReferenceBenchmark extends AbstractSerializationBenchmark {

	@Param({ "cloudpickle", "jdk", "fory-reg", "fory-unreg" })
	public String library;

	@Setup(Level.Trial)
	public void setup() {
		init(Workload.LAMBDA_BY_REFERENCE, library);
	}

}
