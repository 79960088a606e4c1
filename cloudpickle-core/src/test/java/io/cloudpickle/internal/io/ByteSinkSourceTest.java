package io.cloudpickle.internal.io;

import java.util.HexFormat;
import java.util.function.Consumer;

import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimit;
import io.cloudpickle.PickleLimitException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The primitives of the format (docs/FORMAT.md §1): varints at every width, zig-zag
 * extremes, fixed-width little-endian numbers and strings, each pinned byte for byte and
 * read back.
 */
class ByteSinkSourceTest {

	private static final HexFormat HEX = HexFormat.of().withUpperCase();

	private static String written(Consumer<ByteSink> write) {
		ByteSink sink = new ByteSink(1);
		write.accept(sink);
		return HEX.formatHex(sink.toByteArray());
	}

	private static ByteSource source(String hex) {
		return new ByteSource(HEX.parseHex(hex));
	}

	@Test
	void varIntsAtEveryWidth() {
		int[] values = { 0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456,
				Integer.MAX_VALUE };
		String[] hex = { "00", "01", "7F", "8001", "FF7F", "808001", "FFFF7F", "80808001", "FFFFFF7F", "8080808001",
				"FFFFFFFF07" };
		for (int i = 0; i < values.length; i++) {
			int value = values[i];
			assertThat(written((s) -> s.writeVarInt(value))).as("varint %d", value).isEqualTo(hex[i]);
			ByteSource in = source(hex[i]);
			assertThat(in.readVarInt()).isEqualTo(value);
			assertThat(in.hasRemaining()).isFalse();
		}
	}

	@Test
	void negativeVarIntsAreWrittenInFiveBytesButNeverRead() {
		assertThat(written((s) -> s.writeVarInt(-1))).isEqualTo("FFFFFFFF0F");
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> source("FFFFFFFF0F").readVarInt())
			.withMessageContaining("varint");
	}

	@Test
	void varLongsUpToTenBytes() {
		assertThat(written((s) -> s.writeVarLong(Long.MAX_VALUE))).isEqualTo("FFFFFFFFFFFFFFFF7F");
		assertThat(written((s) -> s.writeVarLong(-1L))).isEqualTo("FFFFFFFFFFFFFFFFFF01");
		assertThat(source("FFFFFFFFFFFFFFFFFF01").readVarLong()).isEqualTo(-1L);
		assertThat(source("FFFFFFFFFFFFFFFF7F").readVarLong()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void zigZagExtremes() {
		assertThat(written((s) -> s.writeZigZag(0))).isEqualTo("00");
		assertThat(written((s) -> s.writeZigZag(-1))).isEqualTo("01");
		assertThat(written((s) -> s.writeZigZag(1))).isEqualTo("02");
		assertThat(written((s) -> s.writeZigZag(Integer.MAX_VALUE))).isEqualTo("FEFFFFFF0F");
		assertThat(written((s) -> s.writeZigZag(Integer.MIN_VALUE))).isEqualTo("FFFFFFFF0F");
		assertThat(source("FEFFFFFF0F").readZigZagInt()).isEqualTo(Integer.MAX_VALUE);
		assertThat(source("FFFFFFFF0F").readZigZagInt()).isEqualTo(Integer.MIN_VALUE);
		assertThat(written((s) -> s.writeZigZag(Long.MIN_VALUE))).isEqualTo("FFFFFFFFFFFFFFFFFF01");
		assertThat(source("FFFFFFFFFFFFFFFFFF01").readZigZagLong()).isEqualTo(Long.MIN_VALUE);
		assertThat(source("FEFFFFFFFFFFFFFFFF01").readZigZagLong()).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void fixedWidthNumbersAreLittleEndian() {
		assertThat(written((s) -> s.writeInt(0x01020304))).isEqualTo("04030201");
		assertThat(written((s) -> s.writeShort(0x0102))).isEqualTo("0201");
		assertThat(written((s) -> s.writeLong(0x0102030405060708L))).isEqualTo("0807060504030201");
		assertThat(written((s) -> s.writeDouble(1.0))).isEqualTo("000000000000F03F");
		assertThat(written((s) -> s.writeChar('€'))).isEqualTo("AC20");
		assertThat(source("04030201").readInt()).isEqualTo(0x01020304);
		assertThat(source("000000000000F03F").readDouble()).isEqualTo(1.0);
	}

	@Test
	void stringsLatin1AndUtf16() {
		assertThat(written((s) -> s.writeString(""))).isEqualTo("01");
		assertThat(written((s) -> s.writeString("a"))).isEqualTo("0361");
		assertThat(written((s) -> s.writeString("é€"))).isEqualTo("04E900AC20");
		String pair = "\uD83D\uDE00";
		assertThat(written((s) -> s.writeString(pair))).isEqualTo("043DD800DE");
		for (String text : new String[] { "", "a", "é€", pair, "x".repeat(100_000), "€".repeat(70_000) }) {
			ByteSink sink = new ByteSink(16);
			sink.writeString(text);
			ByteSource in = new ByteSource(sink.toByteArray());
			assertThat(in.readString(Integer.MAX_VALUE)).isEqualTo(text);
			assertThat(in.hasRemaining()).isFalse();
		}
	}

	@Test
	void utf8Strings() {
		assertThat(written((s) -> s.writeUtf8("a€"))).isEqualTo("0461E282AC");
		assertThat(source("0461E282AC").readUtf8(100)).isEqualTo("a€");
	}

	@Test
	void aStringOverItsLimitIsRefusedBeforeItIsRead() {
		ByteSink sink = new ByteSink(16);
		sink.writeString("x".repeat(100));
		assertThatExceptionOfType(PickleLimitException.class)
			.isThrownBy(() -> new ByteSource(sink.toByteArray()).readString(10))
			.satisfies((ex) -> assertThat(ex.limit()).isEqualTo(PickleLimit.MAX_STRING_LENGTH));
	}

	@Test
	void truncatedInputIsAPickleException() {
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> source("80").readVarInt());
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> source("0102").readInt());
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> source("0561").readString(100));
		assertThatExceptionOfType(PickleException.class).isThrownBy(() -> source("FFFFFFFFFF").readVarInt());
	}

	@Test
	void blobsAndTheirLimit() {
		assertThat(written((s) -> s.writeBlob(new byte[] { 1, 2, 3 }))).isEqualTo("03010203");
		assertThat(source("03010203").readBlob(3, "blob")).containsExactly(1, 2, 3);
		assertThatExceptionOfType(PickleLimitException.class)
			.isThrownBy(() -> source("03010203").readBlob(2, "blob", PickleLimit.MAX_ARRAY_LENGTH))
			.withMessageContaining("maxArrayLength=2");
	}

}
