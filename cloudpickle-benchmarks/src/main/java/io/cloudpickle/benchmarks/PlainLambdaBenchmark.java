package io.cloudpickle.benchmarks;

import java.util.function.Function;

import io.cloudpickle.CloudPickle;
import io.cloudpickle.benchmarks.lambdas.ByReferenceLambdas;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A plain lambda ({@code x -> x + k}, {@code Function<Integer, Integer>}, not
 * Serializable) against the same lambda declared Serializable, both with the capturing
 * class by reference. The plain one goes through the no-agent path (its JVM has
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}); with the agent a plain lambda
 * becomes the Serializable one, so it costs what {@code serializable} costs. Target:
 * plain within 1.2x of serializable for dumps and loads.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "--add-opens", "java.base/java.lang=ALL-UNNAMED" })
public class PlainLambdaBenchmark {

	@Param({ "serializable", "plain" })
	public String lambda;

	private Function<Integer, Integer> value;

	private byte[] payload;

	@Setup(Level.Trial)
	@SuppressWarnings("unchecked")
	public void setup() {
		this.value = this.lambda.equals("plain") ? ByReferenceLambdas.plainAdder(5) : ByReferenceLambdas.adder(5);
		this.payload = CloudPickle.dumps(this.value);
		Function<Integer, Integer> copy = (Function<Integer, Integer>) CloudPickle.loads(this.payload);
		if (copy.apply(10) != 15) {
			throw new IllegalStateException("bad copy of the " + this.lambda + " lambda");
		}
	}

	@Benchmark
	public byte[] dumps() {
		return CloudPickle.dumps(this.value);
	}

	@Benchmark
	public Object loads() {
		return CloudPickle.loads(this.payload);
	}

	@Benchmark
	public Object roundTrip() {
		return CloudPickle.loads(CloudPickle.dumps(this.value));
	}

}
