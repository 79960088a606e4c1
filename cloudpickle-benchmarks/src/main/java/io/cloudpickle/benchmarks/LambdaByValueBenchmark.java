package io.cloudpickle.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;

import io.cloudpickle.CloudPickle;
import io.cloudpickle.security.ClassGates;
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

	/**
	 * {@code trusting}: the receiver of {@link CloudPickle}'s defaults. {@code network}:
	 * the compute service's receiver: signed payloads (HMAC-SHA256) verified,
	 * {@link ClassGates} allowing only the lambda's package by value (bytecode judged),
	 * network limits.
	 */
	@Param({ "trusting", "network" })
	public String receiver;

	@Setup(Level.Trial)
	public void setup() {
		init(Workload.LAMBDA_BY_VALUE, library, Codecs.byValueCloudPickle("network".equals(receiver)));
	}

}
