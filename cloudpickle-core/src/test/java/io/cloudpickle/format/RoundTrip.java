package io.cloudpickle.format;

import java.nio.charset.StandardCharsets;

import io.cloudpickle.CloudPickle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips that pin their byte count, as Kryo's {@code KryoTestCase.roundTrip(length,
 * object)} does: a change of the encoding of any kind shows up as a changed length.
 */
final class RoundTrip {

	/**
	 * Magic, version, flags, sender feature (one byte for 17 and 25), max class major.
	 */
	static final int HEADER = 8;

	private RoundTrip() {
	}

	/**
	 * Pickles {@code value}, checks the payload is {@code length} bytes, loads it, checks
	 * the loaded value pickles to the same bytes, and returns it.
	 */
	@SuppressWarnings("unchecked")
	static <T> T roundTrip(int length, T value) {
		byte[] payload = CloudPickle.dumps(value);
		assertThat(payload).as("payload of %s", value).hasSize(length);
		Object loaded = CloudPickle.loads(payload);
		assertThat(CloudPickle.dumps(loaded)).as("payload of the loaded %s", value).isEqualTo(payload);
		return (T) loaded;
	}

	/**
	 * The bytes before the graph when {@code classes} are named by reference and nothing
	 * is shipped: the header, an empty bundle, and the class names (short ASCII names:
	 * one length byte each).
	 */
	static int before(Class<?>... classes) {
		int length = HEADER + 1 + 1;
		for (Class<?> type : classes) {
			int bytes = type.getName().getBytes(StandardCharsets.UTF_8).length;
			assertThat(bytes).as("name of %s fits a one-byte length", type).isLessThan(128);
			length += 1 + bytes;
		}
		return length;
	}

	/** The JShell section's terminator that ends every graph. */
	static final int END = 1;

}
