package io.cloudpickle.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.cloudpickle.CloudPickle;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code dump} appends one pickle to a stream and {@code load} reads exactly one, leaving
 * the stream right after it, on streams that can neither mark nor reset.
 */
class PickleStreamTest {

	record Point(int x, int y) {
	}

	private static final List<Object> VALUES = Arrays.asList("first", 42, List.of(1, "a", 2.5), null, new Point(3, 4),
			new int[] { 1, 2, 3 }, "x".repeat(1000), Map.of("k", List.of()), new StringBuilder("sb"));

	@Test
	void picklesDumpedOneAfterAnotherLoadInOrderAndEachLoadStopsRightAfterItsPickle() {
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		List<Long> ends = new ArrayList<>();
		for (Object value : VALUES) {
			CloudPickle.dump(value, file);
			ends.add((long) file.size());
		}
		CountingStream in = new CountingStream(new ByteArrayInputStream(file.toByteArray()));
		for (int i = 0; i < VALUES.size(); i++) {
			Object loaded = CloudPickle.load(in);
			assertThat(describe(loaded)).isEqualTo(describe(VALUES.get(i)));
			assertThat(in.count).as("stream position after pickle %d", i).isEqualTo(ends.get(i));
		}
		assertThatThrownBy(() -> CloudPickle.load(in)).isInstanceOf(PickleException.class)
			.hasMessageContaining("no payload");
	}

	@Test
	void eachPickleOfAStreamIsTheSameAsDumps() {
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		CloudPickle.dump("a", file);
		CloudPickle.dump(List.of(1, 2), file);
		byte[] expected = concat(CloudPickle.dumps("a"), CloudPickle.dumps(List.of(1, 2)));
		assertThat(file.toByteArray()).isEqualTo(expected);
	}

	@Test
	void loadReadsNoByteBeyondThePickleFromAPipeThatStaysOpen() throws Exception {
		Pipe pipe = Pipe.open();
		SynchronousQueue<Object> loaded = new SynchronousQueue<>();
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
			try (OutputStream out = Channels.newOutputStream(pipe.sink())) {
				for (Object value : VALUES) {
					CloudPickle.dump(value, out);
					// the next pickle is written only once this one is loaded: a load
					// that
					// read ahead would wait here for ever
					loaded.poll(30, TimeUnit.SECONDS);
				}
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		InputStream in = new NoMarkStream(Channels.newInputStream(pipe.source()));
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			for (Object value : VALUES) {
				Object result = CloudPickle.load(in);
				assertThat(describe(result)).isEqualTo(describe(value));
				loaded.put(Boolean.TRUE);
			}
			writer.get(30, TimeUnit.SECONDS);
			assertThat(in.read()).as("the writer closed the pipe after the last pickle").isEqualTo(-1);
		});
	}

	@Test
	void aTruncatedLastPickleIsRefusedAfterTheWholeOnesLoad() {
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		CloudPickle.dump("whole", file);
		CloudPickle.dump(List.of("cut", "short"), file);
		byte[] bytes = file.toByteArray();
		for (int cut = 1; cut < CloudPickle.dumps(List.of("cut", "short")).length; cut++) {
			CountingStream in = new CountingStream(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length - cut)));
			assertThat(CloudPickle.load(in)).isEqualTo("whole");
			assertThatThrownBy(() -> CloudPickle.load(in)).as("cut %d bytes", cut)
				.isInstanceOf(PickleException.class)
				.hasMessageContaining("truncated");
		}
	}

	@Test
	void aStreamReadsNoMoreThanTheSizeLimitAllows() {
		Pickler small = Pickler.builder().limits(PickleLimits.defaults().withMaxPayloadBytes(1000)).build();
		byte[] big = CloudPickle.dumps(new byte[100_000]);
		CountingStream in = new CountingStream(new ByteArrayInputStream(big));
		assertThatThrownBy(() -> small.load(in)).isInstanceOf(PickleLimitException.class)
			.hasMessageContaining("maxPayloadBytes=1000")
			.satisfies(
					(ex) -> assertThat(((PickleLimitException) ex).limit()).isEqualTo(PickleLimit.MAX_PAYLOAD_BYTES));
		assertThat(in.count).isLessThanOrEqualTo(1000);
	}

	@Test
	void aSignedPickleIsTheLastOfItsStreamAndLoadsFromIt() {
		byte[] secret = "a-secret-of-thirty-two-bytes-len".getBytes(StandardCharsets.US_ASCII);
		Pickler signer = Pickler.builder().signWith(PayloadSigner.hmacSha256("k", secret)).build();
		Pickler verifier = Pickler.builder().verifyWith(PayloadVerifier.hmacSha256("k", secret)).build();
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		CloudPickle.dump("unsigned first", file);
		signer.dump(List.of("signed", "last"), file);
		CountingStream in = new CountingStream(new ByteArrayInputStream(file.toByteArray()));
		assertThat(CloudPickle.load(in)).isEqualTo("unsigned first");
		assertThat(verifier.load(in)).isEqualTo(List.of("signed", "last"));
		assertThat(in.count).isEqualTo((long) file.size());
	}

	private static Object describe(Object value) {
		if (value instanceof int[] array) {
			return Arrays.toString(array);
		}
		if (value instanceof StringBuilder sb) {
			return "StringBuilder " + sb;
		}
		if (value instanceof Map<?, ?> map) {
			return new LinkedHashMap<>(map);
		}
		return value;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] both = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, both, a.length, b.length);
		return both;
	}

	/** A stream that cannot be reset. */
	private static class NoMarkStream extends FilterInputStream {

		NoMarkStream(InputStream in) {
			super(in);
		}

		@Override
		public boolean markSupported() {
			return false;
		}

		@Override
		public synchronized void mark(int readlimit) {
			throw new UnsupportedOperationException("mark");
		}

		@Override
		public synchronized void reset() {
			throw new UnsupportedOperationException("reset");
		}

		@Override
		public long skip(long n) {
			throw new UnsupportedOperationException("skip");
		}

	}

	/** A stream that cannot be reset and counts the bytes read from it. */
	private static final class CountingStream extends NoMarkStream {

		long count;

		CountingStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				this.count++;
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			if (n > 0) {
				this.count += n;
			}
			return n;
		}

	}

}
