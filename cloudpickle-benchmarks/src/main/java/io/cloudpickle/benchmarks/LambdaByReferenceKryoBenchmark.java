package io.cloudpickle.benchmarks;

import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 3 for Kryo: {@link Workload#LAMBDA_BY_REFERENCE} with
 * {@code ClosureSerializer}. Its own class only so that its JVM gets
 * {@code --add-opens java.base/java.lang.invoke=ALL-UNNAMED}, which Kryo's closure
 * support needs on JDK 17 (kryo #885), while cloudpickle, JDK serialization and Fory run
 * without it.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "--add-opens", "java.base/java.lang.invoke=ALL-UNNAMED" })
public class LambdaByReferenceKryoBenchmark extends AbstractSerializationBenchmark {

	@Param({ "kryo-reg", "kryo-unreg" })
	public String library;

	@Setup(Level.Trial)
	public void setup() {
		init(Workload.LAMBDA_BY_REFERENCE, library);
	}

}
