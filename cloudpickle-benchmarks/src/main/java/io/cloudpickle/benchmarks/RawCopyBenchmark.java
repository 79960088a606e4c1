package io.cloudpickle.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor for {@link DoubleArrayBenchmark}'s {@code dumps}: {@code double[1_000_000]}
 * copied into a new {@code byte[]} of exactly its size through a {@link ByteBuffer}, with
 * no header, no type and no checks. A serializer cannot write the array faster than this.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RawCopyBenchmark {

	private double[] array;

	@Setup(Level.Trial)
	public void setup() {
		this.array = (double[]) Workload.DOUBLE_ARRAY.instance();
	}

	@Benchmark
	public byte[] rawCopy() {
		byte[] bytes = new byte[this.array.length * Double.BYTES];
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(this.array);
		return bytes;
	}

}
