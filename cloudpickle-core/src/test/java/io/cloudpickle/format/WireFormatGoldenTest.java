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
 * names aside, which are the fixtures' here) and a few more records.
 */
class WireFormatGoldenTest {

	private static final HexFormat HEX = HexFormat.of().withUpperCase();

	@Test
	void listOfIntAndString() {
		byte[] payload = CloudPickle.dumps(List.of(1, "a"));
		assertThat(HEX.formatHex(payload)).isEqualTo("43504B4C0100" + javaVersion() + "00" + "00" + "0125"
				+ HEX.formatHex("java.util.ImmutableCollections$List12".getBytes(StandardCharsets.UTF_8))
				+ "1100010202030217036100");
		assertThat(payload).hasSize(59);
	}

	@Test
	void sharedPlainObjectInAnArray() {
		Demo.P p = new Demo.P(7, "n");
		Pickled pickled = Pickled.of(CloudPickle.dumps(new Object[] { p, p, new Demo.P(-1, null) }));
		assertThat(pickled.classNames()).containsExactly("[Ljava.lang.Object;", Demo.P.class.getName());
		assertThat(pickled.graphHex()).isEqualTo("1000030E010FFE5BD00700000017036E01010E01FFFFFFFF0000");
	}

	@Test
	void smallerRecords() {
		assertGraph(List.of(1, 1, 1000, 1000, true), "1100010505030203020" + "3D00F03D00F0A00",
				"java.util.ImmutableCollections$ListN");
		assertGraph(new int[] { 1, 2 }, "0F04020100000002000000" + "00");
		assertGraph(DayOfWeek.MONDAY, "0C000D4D4F4E44415900", "java.time.DayOfWeek");
		assertGraph("é€", "1704E900AC2000");
		String s = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMD";
		assertGraph(List.of(s, s),
				"110001020202" + "51" + HEX.formatHex(s.getBytes(StandardCharsets.ISO_8859_1)) + "010100",
				"java.util.ImmutableCollections$List12");
		assertGraph(List.of(new String("ab"), new String("ab")), "1100010202170561621705616200",
				"java.util.ImmutableCollections$List12");
		assertGraph(int[].class, "0D0000", "[I");
		assertGraph(new Demo.R(4, "b"), "160002030817036200", Demo.R.class.getName());
		assertGraph(new HashMap<>(Map.of("k", 1)), "1100010102170" + "36B030200", "java.util.HashMap");
		assertGraph(new TreeSet<>(List.of("z")), "11000101020017037A00", "java.util.TreeSet");
		assertGraph(Optional.of("o"), "1100010101" + "17036F00", "java.util.Optional");
		assertGraph(Map.entry("k", 2L), "11000002" + "17036B040400", "java.util.KeyValueHolder");
		assertGraph(new AtomicInteger(5), "110004050000000000", "java.util.concurrent.atomic.AtomicInteger");
		assertGraph(StandardCharsets.UTF_8, "110006" + "0B5554462D380000", "sun.nio.cs.UTF_8");
		assertGraph(ByteBuffer.wrap(new byte[] { 1, 2, 3 }).order(ByteOrder.LITTLE_ENDIAN).position(1),
				"110007030102030103010000", "java.nio.HeapByteBuffer");
		assertGraph(new Demo.S(), "130001" + "080300000063000000" + "01" + "170B65787472610" + "0",
				Demo.S.class.getName());
		assertGraph(new Demo.X(), "140004050000000117036500", Demo.X.class.getName());
	}

	@Test
	void pathOnUnix() {
		Pickled pickled = Pickled.of(CloudPickle.dumps(Path.of("/tmp/x")));
		assertThat(pickled.graphHex()).isEqualTo("110007" + "0D2F746D702F78" + "0000");
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
		assertThat(pickled.classNames()).isEmpty();
		assertThat(pickled.graphHex()).startsWith("15D801ACED0005").endsWith("000000017800" + "0000");
		assertThat(pickled.graph()).hasSize(3 + 216 + 2);
	}

	@Test
	void recordCycleThroughAPlainObject() {
		Demo.Node node = new Demo.Node();
		Demo.Box box = new Demo.Box(node);
		node.back = box;
		Pickled pickled = Pickled.of(CloudPickle.dumps(box));
		assertThat(pickled.classNames()).containsExactly(Demo.Box.class.getName(), Demo.Node.class.getName());
		assertThat(pickled.graphHex()).isEqualTo("160001" + "0E01F6062E00" + "0100" + "00");
	}

	@Test
	void forwardReferencesIntoComposites() {
		AtomicReference<Object> ref = new AtomicReference<>();
		List<Object> list = List.of(ref);
		ref.set(list);
		assertGraph(list, "1100010101" + "11010001" + "0100" + "00", "java.util.ImmutableCollections$List12",
				"java.util.concurrent.atomic.AtomicReference");
		List<Object> arrayList = new ArrayList<>();
		List<Object> outer = List.of(arrayList);
		arrayList.add(outer);
		assertGraph(outer, "1100010101" + "1101010101" + "0100" + "00", "java.util.ImmutableCollections$List12",
				"java.util.ArrayList");
	}

	@Test
	void serializableLambda() {
		Pickled pickled = Pickled.of(CloudPickle.dumps(Demo.adder(7)));
		assertThat(pickled.classNames()).containsExactly(Demo.class.getName(), "java.util.function.Function");
		String graph = pickled.graphHex();
		assertThat(graph).startsWith("12").endsWith("00" + "01" + "030E" + "00");
		assertThat(new String(pickled.graph(), StandardCharsets.ISO_8859_1)).contains("apply",
				"(Ljava/lang/Object;)Ljava/lang/Object;", "(Ljava/lang/Integer;)Ljava/lang/Integer;");
	}

	private static void assertGraph(Object value, String graphHex, String... classNames) {
		Pickled pickled = Pickled.of(CloudPickle.dumps(value));
		assertThat(pickled.classNames()).as("class names of %s", value).containsExactly(classNames);
		assertThat(pickled.graphHex()).as("graph of %s", value).isEqualTo(graphHex);
	}

	private static String javaVersion() {
		return HEX.toHexDigits((byte) Runtime.version().feature());
	}

	/** A payload with nothing shipped by value, split into class names and graph. */
	record Pickled(List<String> classNames, byte[] graph) {

		static Pickled of(byte[] payload) {
			assertThat(HEX.formatHex(payload, 0, 6)).isEqualTo("43504B4C0100");
			assertThat(payload[6]).isEqualTo((byte) Runtime.version().feature());
			assertThat(payload[7]).as("nothing shipped by value").isZero();
			assertThat(payload[8]).as("empty bundle").isZero();
			int[] at = { 9 };
			int count = varint(payload, at);
			List<String> names = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int length = varint(payload, at);
				names.add(new String(payload, at[0], length, StandardCharsets.UTF_8));
				at[0] += length;
			}
			byte[] graph = new byte[payload.length - at[0]];
			System.arraycopy(payload, at[0], graph, 0, graph.length);
			return new Pickled(names, graph);
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
