package io.cloudpickle.internal.classtable;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.example.fixtures.byref.Plain;
import io.cloudpickle.ClassFilter;
import io.cloudpickle.ClassRefusedException;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.PayloadInfo;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.PeerPayload;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The compact class entries of docs/FORMAT.md §4: every well-known id, and its array
 * classes, travels as its one byte and loads as its class; the class filter still judges
 * well-known classes; corrupt tables are refused with a message saying what is wrong.
 */
class CompactClassNamesTest {

	private static final HexFormat HEX = HexFormat.of().withUpperCase();

	/** Header of a payload that ships nothing, as a Java 17 sender writes it. */
	private static final String HEADER = "43504B4C" + "02" + "00" + "11" + "00";

	/** A graph of one {@code CLASS} record of class 0, then the JShell terminator. */
	private static final String CLASS_0 = "0D00" + "00";

	@Test
	void everyWellKnownIdAndItsArraysRoundTripAsOneByte() {
		int checked = 0;
		for (int i = 0; i < WellKnownClasses.size(); i++) {
			int id = WellKnownClasses.FIRST_ID + i;
			Class<?> type = WellKnownClasses.classOf(id);
			if (type == null) {
				continue; // not in this JDK
			}
			String idHex = HEX.toHexDigits((byte) id);
			assertThat(classTable(type)).as("entry of %s", type).isEqualTo("01" + idHex);
			assertThat(CloudPickle.loads(CloudPickle.dumps(type))).isSameAs(type);
			if (type != void.class) {
				Class<?> array = type.arrayType();
				Class<?> matrix = array.arrayType();
				assertThat(classTable(array)).as("entry of %s", array).isEqualTo("01" + "0201" + idHex);
				assertThat(classTable(matrix)).as("entry of %s", matrix).isEqualTo("01" + "0202" + idHex);
				assertThat(CloudPickle.loads(CloudPickle.dumps(array))).isSameAs(array);
				assertThat(CloudPickle.loads(CloudPickle.dumps(matrix))).isSameAs(matrix);
			}
			checked++;
		}
		assertThat(checked).isGreaterThan(130);
	}

	@Test
	void wellKnownIdsAreOneByteAndNamedOnce() {
		assertThat(WellKnownClasses.FIRST_ID + WellKnownClasses.size()).isLessThanOrEqualTo(0x100);
		assertThat(WellKnownClasses.idOf(java.util.ArrayList.class)).isEqualTo(0x35);
		assertThat(WellKnownClasses.idOf(CompactClassNamesTest.class)).isEqualTo(-1);
	}

	@Test
	void aFilterThatRefusesAWellKnownClassStillRefusesIt() {
		byte[] payload = CloudPickle.dumps(new ArrayList<>(List.of(1)));
		byte[] strings = CloudPickle.dumps(new String[] { "a" });
		// the default pickler accepts them first, so a cached verdict would show here
		assertThat(CloudPickle.loads(payload)).isEqualTo(List.of(1));
		assertThat(CloudPickle.loads(strings)).isEqualTo(new String[] { "a" });
		Pickler strict = Pickler.builder().classFilter(new ClassFilter() {
			@Override
			public boolean allowByReference(String className) {
				return !className.equals("java.util.ArrayList") && !className.equals("java.lang.String");
			}

			@Override
			public boolean allowByValue(String className) {
				return true;
			}
		}).build();
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> strict.loads(payload)).isInstanceOf(ClassRefusedException.class)
				.hasMessageContaining("java.util.ArrayList is not allowed by the class filter");
			assertThatThrownBy(() -> strict.loads(strings)).isInstanceOf(ClassRefusedException.class)
				.hasMessageContaining("java.lang.String is not allowed by the class filter");
		}
	}

	@Test
	void theFilterIsAskedAboutWellKnownClassesOnEveryPayload() {
		List<String> asked = new ArrayList<>();
		Pickler counting = Pickler.builder().classFilter(new ClassFilter() {
			@Override
			public boolean allowByReference(String className) {
				asked.add(className);
				return true;
			}

			@Override
			public boolean allowByValue(String className) {
				return true;
			}
		}).build();
		byte[] payload = CloudPickle.dumps(new ArrayList<>(List.of(1)));
		counting.loads(payload);
		counting.loads(payload);
		assertThat(asked).containsExactly("java.util.ArrayList", "java.util.ArrayList");
	}

	@Test
	void namedClassesLoadAgainFromTheCacheAndFromAFreshPickler() {
		Object[] value = { new Named(1), new Named(2) };
		byte[] payload = CloudPickle.dumps(value);
		for (int i = 0; i < 3; i++) {
			assertThat((Object[]) CloudPickle.loads(payload)).containsExactly(new Named(1), new Named(2));
		}
		assertThat((Object[]) Pickler.builder().build().loads(payload)).containsExactly(new Named(1), new Named(2));
	}

	record Named(int n) {
	}

	@Test
	void aShippedClassIsNamedOnceInTheBundleAndPayloadInfoReadsTheBundleCount() {
		Pickler sender = Pickler.builder()
			.useGlobalRegistry(false)
			.byValuePackages("com.example.fixtures.byref")
			.build();
		Plain value = new Plain("x");
		PeerClasses peer = new PeerClasses();
		PeerPayload cold = sender.dumpsFor(peer, value);
		peer.confirm(cold);
		byte[] warm = sender.dumpsFor(peer, value).bytes();
		for (byte[] payload : List.of(cold.bytes(), warm)) {
			PayloadInfo info = PayloadInfo.of(payload);
			assertThat(info.formatVersion()).isEqualTo(2);
			assertThat(info.shippedClasses()).isEqualTo(1);
			assertThat(info.maxClassFileVersion()).isEqualTo(61);
		}
		// named by hash only: the name appears once, in the bundle (package 0 new, simple
		// name, digest, empty class file); the class entry is SHIPPED 0
		String hex = HEX.formatHex(warm);
		assertThat(hex.split(hex("Plain"), -1)).hasSize(2);
		assertThat(hex).contains("00" + "1A" + hex("com.example.fixtures.byref") + "05" + hex("Plain")
				+ cold.shippedHashes().get(0).toUpperCase() + "00" + "01" + "0100");
		Pickler receiver = Pickler.builder().returnOwnClasses(false).build();
		assertThat(receiver.loads(cold.bytes())).hasToString("Plain(x)");
		assertThat(receiver.loads(warm)).hasToString("Plain(x)");
	}

	@Test
	void corruptTablesAreRefusedWithAClearMessage() {
		assertRefused("01" + "00" + "01" + "01" + "41", "class name refers to package 1 but only 0 packages");
		assertRefused("02" + "00" + "00" + "01" + "61" + "01" + "41" + "00" + "02" + "01" + "42",
				"class name refers to package 2 but only 1 packages");
		assertRefused("01" + "FE", "unknown kind or well-known class id 0xfe");
		assertRefused("01" + "05", "unknown kind or well-known class id 0x5");
		assertRefused("01" + "0100", "names bundle entry 0 but the bundle has 0");
		assertRefused("01" + "0200" + "14", "array of 0 dimensions");
		assertRefused("01" + "0201" + "0201" + "14", "an array whose element is again an array");
		assertRefused("01" + "0201" + "18", "array of void");
		assertRefused("01" + "00" + "00" + "03" + "612E2E" + "01" + "41", "package 0 has a malformed name");
		assertRefused("01" + "00" + "00" + "01" + "61" + "03" + "412E42", "is not a simple binary name");
		assertRefused("01" + "00" + "00" + "01" + "61" + "00", "is not a simple binary name");
		assertRefused("01" + "00" + "00" + "02" + "611B" + "01" + "41", "unprintable character U+001B");
		assertTruncated("01" + "00" + "00" + "01" + "61" + "03" + "41");
		assertTruncated("01" + "00");
		assertTruncated("01" + "0201");
		assertRefused("7F" + "14", "class table claims 127 element(s)");
		assertRefused("01" + "00" + "00" + "808004", "package name of 65536 bytes exceeds the limit of 65535");
		assertThatThrownBy(() -> load("00" + "03" + "14" + "15" + "16" + CLASS_0,
				Pickler.builder().limits(PickleLimits.defaults().withMaxObjects(2)).build()))
			.isInstanceOf(PickleLimitException.class)
			.hasMessageContaining("class table of 3 names exceeds the limit maxObjects=2");
		assertThatThrownBy(
				() -> load("02", Pickler.builder().limits(PickleLimits.defaults().withMaxClasses(1)).build()))
			.isInstanceOf(PickleLimitException.class)
			.hasMessageContaining("payload ships 2 classes, over the limit maxClasses=1");
		assertThatThrownBy(() -> load("01", CloudPickle.defaultPickler())).isInstanceOf(PickleException.class)
			.hasMessageContaining("class bundle claims 1 element(s)");
	}

	@Test
	void handBuiltEntriesLoad() {
		// a named class of the unnamed package is not on the class path: refused by name
		assertRefused("01" + "00" + "00" + "00" + "04" + "4E6F7065", "class Nope was pickled by reference but is not");
		// java.util.HashMap by package and simple name rather than its well-known id
		assertThat(load("00" + "01" + "00" + "00" + "09" + hex("java.util") + "07" + hex("HashMap") + CLASS_0,
				CloudPickle.defaultPickler()))
			.isSameAs(java.util.HashMap.class);
		assertThat(load("00" + "01" + "0203" + "17" + CLASS_0, CloudPickle.defaultPickler()))
			.isSameAs(double[][][].class);
	}

	private static void assertRefused(String table, String message) {
		assertThatThrownBy(() -> load("00" + table + CLASS_0, CloudPickle.defaultPickler())).as("table %s", table)
			.isInstanceOf(PickleException.class)
			.hasMessageContaining(message);
	}

	private static void assertTruncated(String table) {
		assertThatThrownBy(() -> load("00" + table, CloudPickle.defaultPickler())).as("table %s", table)
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("payload is truncated");
	}

	private static Object load(String tableAndGraph, Pickler pickler) {
		return pickler.loads(HEX.parseHex(HEADER + tableAndGraph));
	}

	private static String hex(String ascii) {
		return HEX.formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
	}

	/** The class table of a payload that ships nothing: count and entries, as hex. */
	private static String classTable(Class<?> type) {
		byte[] payload = CloudPickle.dumps(type);
		String hex = HEX.formatHex(payload);
		// header (8 bytes), empty bundle, then the table, then CLASS 0 and the terminator
		assertThat(hex).startsWith("43504B4C0200").endsWith(CLASS_0);
		return hex.substring(18, hex.length() - CLASS_0.length());
	}

}
