package io.cloudpickle.internal.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.internal.io.ByteSource;
import io.cloudpickle.testing.HashBombs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Hashing inside a Java serialization stream, which the JDK's own collections do while
 * they read: crafted streams that a well-behaved writer never produces, read directly
 * through {@link JdkStreams}.
 */
class HashWorkJdkStreamTest {

	@Test
	void aKeyRepeatedByBackReferenceIsChargedEachTimeItIsHashedAgain() throws IOException {
		// One key hashing in ~2^16 steps, then 4,000 entries that repeat it by back
		// reference: ~2.6e8 steps of
		// hashing, far over the network budget, though every object of the stream is read
		// only once.
		Map<Object, Object> costlyKey = HashBombs.sharedNestedMaps(16);
		LinkedHashMap<Object, Object> table = new LinkedHashMap<>();
		for (int i = 0; i < 4_000; i++) {
			table.put(new Placeholder(i), i);
		}
		byte[] stream = javaSerialize(table, costlyKey);
		ReadContext context = context(PickleLimits.network());

		assertTimeoutPreemptively(Duration.ofSeconds(20),
				() -> assertThatThrownBy(
						() -> JdkStreams.readStream(new ByteSource(stream, 0, stream.length), new Object[0], context))
					.isInstanceOf(PickleException.class)
					.hasMessageContaining("maxHashWork=32000000")
					.hasMessageContaining("a repeated key"));
	}

	@Test
	void aStreamOfCheapKeysRepeatedByBackReferenceLoads() throws IOException {
		LinkedHashMap<Object, Object> table = new LinkedHashMap<>();
		for (int i = 0; i < 4_000; i++) {
			table.put(new Placeholder(i), i);
		}
		byte[] stream = javaSerialize(table, "same-key");
		Object read = JdkStreams.readStream(new ByteSource(stream, 0, stream.length), new Object[0],
				context(PickleLimits.network()));
		assertThat(read).isEqualTo(Map.of("same-key", 3_999));
	}

	/**
	 * Serializes {@code map} with every {@link Placeholder} key replaced by the one
	 * object {@code key}.
	 */
	private static byte[] javaSerialize(Map<Object, Object> map, Object key) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes) {
			{
				enableReplaceObject(true);
			}

			@Override
			protected Object replaceObject(Object obj) {
				return (obj instanceof Placeholder) ? key : obj;
			}
		}) {
			out.writeObject(map);
		}
		return bytes.toByteArray();
	}

	private static ReadContext context(PickleLimits limits) {
		HashWork work = new HashWork(limits.maxHashWork());
		return new ReadContext() {
			@Override
			public Class<?> classAt(int index) {
				throw new UnsupportedOperationException();
			}

			@Override
			public Class<?> resolveClass(String name) {
				try {
					return Class.forName(name, false, null);
				}
				catch (ClassNotFoundException ex) {
					throw new PickleException("no " + name, ex);
				}
			}

			@Override
			public PickleLimits limits() {
				return limits;
			}

			@Override
			public HashWork hashWork() {
				return work;
			}
		};
	}

	/** Distinct keys at writing time, each replaced by the same object in the stream. */
	private record Placeholder(int index) implements java.io.Serializable {
	}

}
