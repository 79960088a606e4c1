package io.cloudpickle.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.example.fixtures.golden.Demo;
import io.cloudpickle.CloudPickle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the wire format byte for byte: the worked examples of docs/FORMAT.md §16 (class
 * names aside, which are the fixtures' here) and a few more records. Class entries are
 * spelled out from docs/FORMAT.md §4.3: well-known ids from its table, other classes as
 * {@code 00}, package index (with the package's name where it is first used), simple
 * name.
 */
class WireFormatGoldenTest {

	private static final HexFormat HEX = HexFormat.of().withUpperCase();

	/** Well-known ids of docs/FORMAT.md §4.3. */
	private static final String LIST12 = "51";

	private static final String OBJECT = "19";

	private static final String GOLDEN = "com.example.fixtures.golden";

	@Test
	void listOfIntAndString() {
		byte[] payload = CloudPickle.dumps(List.of(1, "a"));
		assertThat(HEX.formatHex(payload))
			.isEqualTo("43504B4C0200" + javaVersion() + "00" + "00" + "01" + LIST12 + "1100010202030217036100");
		assertThat(payload).hasSize(22);
	}

	@Test
	void sharedPlainObjectInAnArray() {
		Demo.P p = new Demo.P(7, "n");
		Pickled pickled = Pickled.of(CloudPickle.dumps(new Object[] { p, p, new Demo.P(-1, null) }));
		assertThat(pickled.classEntries()).containsExactly("02" + "01" + OBJECT, named(0, GOLDEN, "Demo$P"));
		assertThat(pickled.graphHex()).isEqualTo("1000030E010FFE5BD00700000017036E01010E01FFFFFFFF0000");
	}

	@Test
	void smallerRecords() {
		assertGraph(List.of(1, 1, 1000, 1000, true), "1100010505030203020" + "3D00F03D00F0A00", "52");
		assertGraph(new int[] { 1, 2 }, "0F04020100000002000000" + "00");
		assertGraph(DayOfWeek.MONDAY, "0C000D4D4F4E44415900", "7E");
		assertGraph("é€", "1704E900AC2000");
		String s = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMD";
		assertGraph(List.of(s, s),
				"110001020202" + "51" + HEX.formatHex(s.getBytes(StandardCharsets.ISO_8859_1)) + "010100", LIST12);
		assertGraph(List.of(new String("ab"), new String("ab")), "1100010202170561621705616200", LIST12);
		assertGraph(int[].class, "0D0000", "02" + "01" + "14");
		assertGraph(String[][].class, "0D0000", "02" + "02" + "1A");
		assertGraph(int.class, "0D0000", "14");
		assertGraph(new Demo.R(4, "b"), "160002030817036200", named(0, GOLDEN, "Demo$R"));
		assertGraph(new HashMap<>(Map.of("k", 1)), "1100010102170" + "36B030200", "37");
		assertGraph(new TreeSet<>(List.of("z")), "11000101020017037A00", "3C");
		assertGraph(Optional.of("o"), "1100010101" + "17036F00", "63");
		assertGraph(Map.entry("k", 2L), "11000002" + "17036B040400", "58");
		assertGraph(new AtomicInteger(5), "110004050000000000", "5E");
		assertGraph(StandardCharsets.UTF_8, "190006" + "0B5554462D380000", named(0, "sun.nio.cs", "UTF_8"));
		assertGraph(ByteBuffer.wrap(new byte[] { 1, 2, 3 }).order(ByteOrder.LITTLE_ENDIAN).position(1),
				"110007030102030103010000", named(0, "java.nio", "HeapByteBuffer"));
		assertGraph(new Demo.S(), "130001" + "080300000063000000" + "01" + "170B65787472610" + "0",
				named(0, GOLDEN, "Demo$S"));
		assertGraph(new Demo.X(), "140004050000000117036500", named(0, GOLDEN, "Demo$X"));
	}

	@Test
	void pathOnUnix() {
		Pickled pickled = Pickled.of(CloudPickle.dumps(Path.of("/tmp/x")));
		assertThat(pickled.graphHex()).isEqualTo("190007" + "0D2F746D702F78" + "0000");
	}

	@Test
	void jdkStreamWithAHandle() {
		Pickled pickled = Pickled.of(CloudPickle.dumps(Collections.singletonList(new Demo.Q())));
		String graph = pickled.graphHex();
		assertThat(graph).startsWith("159A01ACED0005").endsWith("01" + "0E00" + "FCFBB606" + "0100000000");
		assertThat(pickled.graph())
			.containsSubsequence("io.cloudpickle.codec.JdkStreams$Handle".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void jdkStreamWithoutHandles() {
		Pickled pickled = Pickled.of(CloudPickle.dumps(new LinkedHashMap<>(Map.of("k", 1))));
		assertThat(pickled.classEntries()).isEmpty();
		assertThat(pickled.graphHex()).startsWith("15D801ACED0005").endsWith("000000017800" + "0000");
		assertThat(pickled.graph()).hasSize(3 + 216 + 2);
	}

	@Test
	void recordCycleThroughAPlainObject() {
		Demo.Node node = new Demo.Node();
		Demo.Box box = new Demo.Box(node);
		node.back = box;
		Pickled pickled = Pickled.of(CloudPickle.dumps(box));
		// the second class of a package names it by index only
		assertThat(pickled.classEntries()).containsExactly(named(0, GOLDEN, "Demo$Box"),
				"00" + "00" + name("Demo$Node"));
		assertThat(pickled.graphHex()).isEqualTo("160001" + "0E01F6062E00" + "0100" + "00");
	}

	@Test
	void forwardReferencesIntoComposites() {
		AtomicReference<Object> ref = new AtomicReference<>();
		List<Object> list = List.of(ref);
		ref.set(list);
		assertGraph(list, "1100010101" + "11010001" + "0100" + "00", LIST12, "61");
		List<Object> arrayList = new ArrayList<>();
		List<Object> outer = List.of(arrayList);
		arrayList.add(outer);
		assertGraph(outer, "1100010101" + "1101010101" + "0100" + "00", LIST12, "35");
	}

	@Test
	void serializableLambda() {
		Pickled pickled = Pickled.of(CloudPickle.dumps(Demo.adder(7)));
		assertThat(pickled.classEntries()).containsExactly(named(0, GOLDEN, "Demo"), "81");
		String graph = pickled.graphHex();
		assertThat(graph).startsWith("12").endsWith("00" + "01" + "030E" + "00");
		assertThat(new String(pickled.graph(), StandardCharsets.ISO_8859_1)).contains("apply",
				"(Ljava/lang/Object;)Ljava/lang/Object;", "(Ljava/lang/Integer;)Ljava/lang/Integer;");
	}

	private static void assertGraph(Object value, String graphHex, String... classEntries) {
		Pickled pickled = Pickled.of(CloudPickle.dumps(value));
		assertThat(pickled.classEntries()).as("class entries of %s", value).containsExactly(classEntries);
		assertThat(pickled.graphHex()).as("graph of %s", value).isEqualTo(graphHex);
	}

	/**
	 * A {@code NAMED} entry whose package is new in the payload: kind 00, the next free
	 * package index, the package's name, the simple name.
	 */
	private static String named(int packageIndex, String packageName, String simpleName) {
		return "00" + HEX.toHexDigits((byte) packageIndex) + name(packageName) + name(simpleName);
	}

	/** A name as a {@code utf8}: one length byte (short names), the bytes. */
	private static String name(String name) {
		byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
		return HEX.toHexDigits((byte) utf8.length) + HEX.formatHex(utf8);
	}

	private static String javaVersion() {
		return HEX.toHexDigits((byte) Runtime.version().feature());
	}

	/**
	 * A payload with nothing shipped by value, split into its class entries (as hex) and
	 * graph by the rules of docs/FORMAT.md §4.
	 */
	record Pickled(List<String> classEntries, byte[] graph) {

		static Pickled of(byte[] payload) {
			assertThat(HEX.formatHex(payload, 0, 6)).isEqualTo("43504B4C0200");
			assertThat(payload[6]).isEqualTo((byte) Runtime.version().feature());
			assertThat(payload[7]).as("nothing shipped by value").isZero();
			assertThat(payload[8]).as("empty bundle").isZero();
			int[] at = { 9 };
			int count = varint(payload, at);
			int packages = 0;
			List<String> entries = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int start = at[0];
				int kind = payload[at[0]++] & 0xFF;
				if (kind == 0x02) {
					at[0]++; // dimensions
					kind = payload[at[0]++] & 0xFF;
				}
				assertThat(kind == 0x00 || kind >= 0x10).as("entry kind %s: named or well-known", kind).isTrue();
				if (kind == 0x00) {
					int pkg = varint(payload, at);
					assertThat(pkg).as("package index").isLessThanOrEqualTo(packages);
					if (pkg == packages) {
						packages++;
						int packageLength = varint(payload, at);
						at[0] += packageLength;
					}
					int simpleLength = varint(payload, at);
					at[0] += simpleLength;
				}
				entries.add(HEX.formatHex(payload, start, at[0]));
			}
			byte[] graph = new byte[payload.length - at[0]];
			System.arraycopy(payload, at[0], graph, 0, graph.length);
			return new Pickled(entries, graph);
		}

		String graphHex() {
			return HEX.formatHex(this.graph);
		}

		private static int varint(byte[] bytes, int[] at) {
			int value = 0;
			int shift = 0;
			while (true) {
				byte b = bytes[at[0]++];
				value |= (b & 0x7F) << shift;
				if (b >= 0) {
					return value;
				}
				shift += 7;
			}
		}

	}

}
