package io.cloudpickle.format;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import org.junit.jupiter.api.Test;

import io.cloudpickle.CloudPickle;
import io.cloudpickle.PickleException;

import static io.cloudpickle.format.RoundTrip.END;
import static io.cloudpickle.format.RoundTrip.before;
import static io.cloudpickle.format.RoundTrip.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every kind round-trips in exactly the bytes docs/FORMAT.md fixes for it; each expected
 * length is spelled out as the bytes before the graph, the graph, and its end.
 */
class ByteCountRoundTripTest {

	record Point(int x, int y) {
	}

	static final class Plain {

		int x;

		String name;

		Plain(int x, String name) {
			this.x = x;
			this.name = name;
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Plain p && p.x == this.x && Objects.equals(p.name, this.name);
		}

		@Override
		public int hashCode() {
			return this.x;
		}

	}

	static int twice(int i) {
		return 2 * i;
	}

	@Test
	void strings() {
		// SHORT_STRING, header (length << 1 | latin-1), the chars
		assertThat(roundTrip(before() + 2 + END, "")).isEmpty();
		assertThat(roundTrip(before() + 2 + 3 + END, "abc")).isEqualTo("abc");
		// not latin-1: two bytes a char
		assertThat(roundTrip(before() + 2 + 4 + END, "é€")).isEqualTo("é€");
		assertThat(roundTrip(before() + 2 + 4 + END, "😀")).isEqualTo("😀");
		String limit = "s".repeat(32);
		assertThat(roundTrip(before() + 2 + 32 + END, limit)).isEqualTo(limit);
		// 33 chars: STRING with an id; header 67 is still one byte
		String longer = "l".repeat(33);
		assertThat(roundTrip(before() + 2 + 33 + END, longer)).isEqualTo(longer);
		// header 1000 << 1 | 1 takes two bytes
		String thousand = "t".repeat(1000);
		assertThat(roundTrip(before() + 3 + 1000 + END, thousand)).isEqualTo(thousand);
	}

	@Test
	void boxesAndNull() {
		assertThat(roundTrip(before() + 1 + END, (Object) null)).isNull();
		// INT, zig-zag varint
		assertThat(roundTrip(before() + 2 + END, 0)).isZero();
		assertThat(roundTrip(before() + 2 + END, -1)).isEqualTo(-1);
		assertThat(roundTrip(before() + 2 + END, 63)).isEqualTo(63);
		assertThat(roundTrip(before() + 3 + END, 64)).isEqualTo(64);
		assertThat(roundTrip(before() + 6 + END, Integer.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
		assertThat(roundTrip(before() + 6 + END, Integer.MIN_VALUE)).isEqualTo(Integer.MIN_VALUE);
		assertThat(roundTrip(before() + 11 + END, Long.MIN_VALUE)).isEqualTo(Long.MIN_VALUE);
		assertThat(roundTrip(before() + 2 + END, 1L)).isEqualTo(1L);
		// fixed widths
		assertThat(roundTrip(before() + 1 + 8 + END, 0.5)).isEqualTo(0.5);
		assertThat(roundTrip(before() + 1 + 4 + END, 0.5f)).isEqualTo(0.5f);
		assertThat(roundTrip(before() + 1 + 2 + END, (short) -2)).isEqualTo((short) -2);
		assertThat(roundTrip(before() + 1 + 1 + END, (byte) -2)).isEqualTo((byte) -2);
		assertThat(roundTrip(before() + 1 + 2 + END, 'c')).isEqualTo('c');
		// TRUE and FALSE are tags of their own
		assertThat(roundTrip(before() + 1 + END, true)).isTrue();
		assertThat(roundTrip(before() + 1 + END, false)).isFalse();
	}

	@Test
	void enumsAndClasses() {
		// ENUM, class index, the constant's name
		assertThat(roundTrip(before(DayOfWeek.class) + 2 + 1 + 6 + END, DayOfWeek.MONDAY)).isSameAs(DayOfWeek.MONDAY);
		// CLASS, class index
		assertThat(roundTrip(before(int[].class) + 2 + END, int[].class)).isSameAs(int[].class);
	}

	@Test
	void primitiveArrays() {
		// PRIMITIVE_ARRAY, element kind, length, the elements at their width; no class
		// name
		assertThat(roundTrip(before() + 3 + END, new byte[0])).isEmpty();
		assertThat(roundTrip(before() + 3 + 3 + END, new byte[] { 1, 2, 3 })).containsExactly(1, 2, 3);
		assertThat(roundTrip(before() + 3 + 8 + END, new int[] { 1, 2 })).containsExactly(1, 2);
		assertThat(roundTrip(before() + 3 + 16 + END, new long[] { 1, -1 })).containsExactly(1, -1);
		assertThat(roundTrip(before() + 3 + 2 + END, new boolean[] { true, false })).containsExactly(true, false);
		assertThat(roundTrip(before() + 3 + 8 + END, new double[] { 1.5 })).containsExactly(1.5);
		assertThat(roundTrip(before() + 3 + 4 + END, new char[] { 'a', 'b' })).containsExactly('a', 'b');
		assertThat(roundTrip(before() + 3 + 200 + END, new short[100])).hasSize(100);
		// length 200 takes a two-byte varint
		assertThat(roundTrip(before() + 4 + 400 + END, new short[200])).hasSize(200);
	}

	@Test
	void objectArrays() {
		// OBJECT_ARRAY, class index, length, then the elements as values
		assertThat(roundTrip(before(String[].class) + 3 + END, new String[0])).isEmpty();
		assertThat(roundTrip(before(Object[].class) + 3 + 3 + 2 + 1 + END, new Object[] { "a", 1, null }))
			.containsExactly("a", 1, null);
		// the same long string twice: STRING with id 1, then REF 1
		String shared = "x".repeat(40);
		Object[] twice = roundTrip(before(Object[].class) + 3 + 42 + 2 + END, new Object[] { shared, shared });
		assertThat(twice[1]).isSameAs(twice[0]);
	}

	@Test
	void records() {
		// RECORD, class index, component count, then INT 3 and INT -4
		assertThat(roundTrip(before(Point.class) + 3 + 2 + 2 + END, new Point(3, -4))).isEqualTo(new Point(3, -4));
		// two classes of one package: the second names the package by its index only
		Object[] both = roundTrip(
				before(Object[].class, Point.class, Plain.class) + 3 + (3 + 2 + 2) + (2 + 4 + 4 + 1) + END,
				new Object[] { new Point(1, 2), new Plain(3, null) });
		assertThat(both).containsExactly(new Point(1, 2), new Plain(3, null));
	}

	@Test
	void plainObjects() {
		// OBJECT, class index, fingerprint (first object of its class), int x, then name
		assertThat(roundTrip(before(Plain.class) + 2 + 4 + 4 + 3 + END, new Plain(7, "n")))
			.isEqualTo(new Plain(7, "n"));
		// the second object of the class has no fingerprint, the third is a REF
		Plain p = new Plain(1, null);
		Object[] three = roundTrip(before(Object[].class, Plain.class) + 3 + (2 + 4 + 4 + 1) + (2 + 4 + 1) + 2 + END,
				new Object[] { p, new Plain(2, null), p });
		assertThat(three[0]).isSameAs(three[2]).isEqualTo(p);
	}

	@Test
	void collections() {
		// COMPOSITE, class index, block length, block (size), child count, children
		List<Integer> list = new ArrayList<>(List.of(1, 2));
		assertThat(roundTrip(before(ArrayList.class) + 5 + 2 + 2 + END, list)).isEqualTo(list);
		Map<String, Integer> map = new HashMap<>(Map.of("k", 1));
		assertThat(roundTrip(before(HashMap.class) + 5 + 3 + 2 + END, map)).isEqualTo(map);
		// FORMAT.md §16.1: 22 bytes
		assertThat(roundTrip(22, List.of(1, "a"))).isEqualTo(List.of(1, "a"));
		assertThat(roundTrip(before(List.of(1, 2).getClass()) + 5 + 2 + 2 + END, List.of(1, 2)))
			.isEqualTo(List.of(1, 2));
	}

	@Test
	void immutableValuesAreWrittenAgainAndMutableOnesShared() {
		// VALUE: tag, class index, block length, block (two i64), child count 0; no id,
		// so
		// the same instance twice is two records, not a record and a REF
		UUID id = new UUID(1, 2);
		List<UUID> twice = new ArrayList<>(List.of(id, id));
		List<UUID> loaded = roundTrip(before(ArrayList.class, UUID.class) + 5 + 20 + 20 + END, twice);
		assertThat(loaded).containsExactly(id, id);
		assertThat(loaded.get(0)).isNotSameAs(loaded.get(1));
		// COMPOSITE AtomicInteger: an id, so the second occurrence is REF 1 (2 bytes)
		AtomicInteger counter = new AtomicInteger(7);
		List<AtomicInteger> shared = roundTrip(before(ArrayList.class, AtomicInteger.class) + 5 + 8 + 2 + END,
				new ArrayList<>(List.of(counter, counter)));
		assertThat(shared.get(0)).hasValue(7).isSameAs(shared.get(1));
	}

	@Test
	void aValueRecordOfAClassThatIsNotAValueIsRefused() {
		// the VALUE record is the last 20 bytes before the end: tag, class index, block
		// length 16, two i64, child count 0
		byte[] asComposite = CloudPickle.dumps(new UUID(1, 2));
		int uuidTag = asComposite.length - 21;
		assertThat(asComposite[uuidTag]).isEqualTo((byte) 25);
		asComposite[uuidTag] = 17;
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> CloudPickle.loads(asComposite))
			.withMessageContaining("java.util.UUID was written as COMPOSITE but is pickled here as VALUE");
		byte[] otherClass = CloudPickle.dumps(List.of(new AtomicInteger(1), new UUID(1, 2)));
		int valueTag = otherClass.length - 21;
		assertThat(otherClass[valueTag]).isEqualTo((byte) 25);
		// point the VALUE record at the class index of the AtomicInteger record before it
		// (tag, class index, block length 4, i32, child count 0)
		assertThat(otherClass[valueTag - 8]).isEqualTo((byte) 17);
		otherClass[valueTag + 1] = otherClass[valueTag - 7];
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> CloudPickle.loads(otherClass))
			.withMessageContaining(
					"java.util.concurrent.atomic.AtomicInteger was written as an immutable value but is pickled here as COMPOSITE");
	}

	@Test
	void aLambdaByReference() throws Exception {
		IntUnaryOperator doubler = (IntUnaryOperator & Serializable) ByteCountRoundTripTest::twice;
		// LAMBDA, block length, block, captured count (0). The block: capturing class 0,
		// interface 1, "applyAsInt", "(I)I", REF_invokeStatic, impl class 0, "twice",
		// "(I)I", instantiated "(I)I", no markers.
		int block = 1 + 1 + (1 + 10) + (1 + 4) + 1 + 1 + (1 + 5) + (1 + 4) + (1 + 4) + 1;
		IntUnaryOperator loaded = roundTrip(
				before(ByteCountRoundTripTest.class, IntUnaryOperator.class) + 1 + 1 + block + 1 + END, doubler);
		assertThat(loaded.applyAsInt(21)).isEqualTo(42);
	}

}
