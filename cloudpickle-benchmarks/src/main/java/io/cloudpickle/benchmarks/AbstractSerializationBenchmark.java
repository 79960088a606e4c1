package io.cloudpickle.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The three operations measured on every workload × library: {@code dumps} (object →
 * bytes), {@code loads} (bytes → object, from a payload made once in setup) and
 * {@code roundTrip} (both). Subclasses fix the workload and declare the {@code library}
 * parameter with the libraries that support it, and verify the round trip once in setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class AbstractSerializationBenchmark {

	protected Object value;

	protected Codec codec;

	protected byte[] payload;

	/**
	 * Builds the codec of {@code libraryId} for {@code workload}, round-trips once and
	 * fails fast on a bad copy.
	 */
	protected final void init(Workload workload, String libraryId) {
		init(workload, libraryId, Codecs.create(Library.of(libraryId), workload));
	}

	/** As {@link #init(Workload, String)}, with a codec configured by the benchmark. */
	protected final void init(Workload workload, String libraryId, Codec codec) {
		Library library = Library.of(libraryId);
		if (!workload.libraries().contains(library)) {
			throw new IllegalArgumentException(libraryId + " is not benchmarked on " + workload.label());
		}
		this.value = workload.instance();
		this.codec = codec;
		this.payload = Codec.verify(library, workload, codec);
	}

	@Benchmark
	public byte[] dumps() throws Exception {
		return codec.dumps(value);
	}

	@Benchmark
	public Object loads() throws Exception {
		return codec.loads(payload);
	}

	@Benchmark
	public Object roundTrip() throws Exception {
		return codec.loads(codec.dumps(value));
	}

}
