package io.cloudpickle.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Workload 4: {@link Workload#LAMBDA_BY_VALUE}, the same lambda shipped by value by a
 * dedicated pickler that also loads it, so its receiver class space is warm after the
 * first load (done in setup): this measures the steady state of a long-lived receiver.
 * Only cloudpickle can ship classes.
 */
@State(Scope.Thread)
public class LambdaByValueBenchmark extends AbstractSerializationBenchmark {

	@Param({ "cloudpickle" })
	public String library;

	@Setup(Level.Trial)
	public void setup() {
		init(Workload.LAMBDA_BY_VALUE, library);
	}

}
