package io.cloudpickle.format;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

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
	 * The JDK classes of docs/FORMAT.md §4.3 that these tests name: one byte each in the
	 * class table.
	 */
	private static final Set<String> WELL_KNOWN = Set.of("int", "java.lang.Object", "java.lang.String",
			"java.util.ArrayList", "java.util.HashMap", "java.util.ImmutableCollections$List12",
			"java.util.function.IntUnaryOperator", "java.time.DayOfWeek", "java.util.UUID",
			"java.util.concurrent.atomic.AtomicInteger");

	/**
	 * The bytes before the graph when {@code classes} are named by reference and nothing
	 * is shipped: the header, an empty bundle, the class count and one entry per class
	 * (docs/FORMAT.md §4.3): a well-known class is one byte; an array class adds two
	 * (kind, dimensions) to its element's; any other class is the kind byte, the package
	 * index (one byte, followed by the package's name where it is first used) and its
	 * simple name (short ASCII names: one length byte each).
	 */
	static int before(Class<?>... classes) {
		int length = HEADER + 1 + 1;
		Set<String> packages = new HashSet<>();
		for (Class<?> type : classes) {
			Class<?> element = type;
			while (element.isArray()) {
				element = element.getComponentType();
			}
			if (element != type) {
				length += 2;
			}
			if (WELL_KNOWN.contains(element.getName())) {
				length += 1;
				continue;
			}
			String pkg = element.getPackageName();
			int simple = utf8Length(element.getName().substring(pkg.length() + 1));
			length += 1 + 1 + (packages.add(pkg) ? 1 + utf8Length(pkg) : 0) + 1 + simple;
		}
		return length;
	}

	private static int utf8Length(String name) {
		int bytes = name.getBytes(StandardCharsets.UTF_8).length;
		assertThat(bytes).as("%s fits a one-byte length", name).isLessThan(128);
		return bytes;
	}

	/** The JShell section's terminator that ends every graph. */
	static final int END = 1;

}
