package io.cloudpickle.robustness;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import com.example.fixtures.robust.RobustTasks;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;
import io.cloudpickle.testing.RemoteFailure;
import io.cloudpickle.testing.ShippedBundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.objectweb.asm.Opcodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A receiver whose JVM is older than the shipped class files fails up front, naming the
 * class-file version and its own version. The shipped class is generated with ASM:
 * defined here with class-file version 61 (Java 17) but its loader serves the same class
 * with major version 70 (Java 26, newer than both 17 and 25 and still readable by ASM
 * 9.9), so the payload really carries a Java 26 class file.
 */
class ClassVersionTest {

	static final String NAME = "com.example.fixtures.gen.FromTheFuture";

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	private static Pickler pickler;

	@BeforeAll
	static void start() {
		pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
	}

	static Object futureInstance(int servedVersion) throws Exception {
		return GeneratedClass.instance(NAME, Opcodes.V17, servedVersion, "from the future");
	}

	private static List<String> versionSpellings(int feature) {
		List<String> out = new ArrayList<>();
		out.add(String.valueOf(feature));
		out.add(String.valueOf(feature + 44));
		return out;
	}

	private static void assertNamesBothVersions(String message, int receiverFeature) {
		assertThat(message).as("names the class-file version 70 / Java 26").containsAnyOf("70", "26");
		assertThat(message).as("names the receiver's version")
			.containsAnyOf(versionSpellings(receiverFeature).toArray(new String[0]));
	}

	@Test
	void sanityTheGeneratedClassWorksHere() throws Exception {
		@SuppressWarnings("unchecked")
		Supplier<Object> s = (Supplier<Object>) futureInstance(Opcodes.V26);
		assertThat(s.get()).isEqualTo("from the future");
		assertThat(
				s.getClass().getClassLoader().getResourceAsStream(NAME.replace('.', '/') + ".class").readAllBytes()[7])
			.isEqualTo((byte) 70);
	}

	@Test
	void childOlderThanTheShippedClassFileFailsUpFrontNamingBothVersions() throws Exception {
		byte[] payload = pickler.dumps(futureInstance(Opcodes.V26));
		int childFeature = (Integer) child.call(pickler.dumps(RobustTasks.javaFeatureVersion()));
		assertThat(childFeature).isLessThan(26);
		assertThatThrownBy(() -> child.call(payload)).isInstanceOfSatisfying(RemoteFailure.class, f -> {
			assertThat(f.remoteExceptionClass()).as("a PickleException (or subclass)")
				.startsWith("io.cloudpickle.")
				.endsWith("PickleException");
			assertNamesBothVersions(f.remoteMessage(), childFeature);
			assertThat(f.getMessage()).doesNotContain("UnsupportedClassVersionError");
		});
	}

	@Test
	void thisJvmRefusesTheSamePayloadUpFront() throws Exception {
		byte[] payload = pickler.dumps(futureInstance(Opcodes.V26));
		Throwable thrown = null;
		try {
			pickler.loads(payload);
		}
		catch (Throwable t) {
			thrown = t;
		}
		assertThat(thrown).isInstanceOf(PickleException.class);
		assertNamesBothVersions(thrown.getMessage(), Runtime.version().feature());
		for (Throwable c = thrown; c != null; c = c.getCause()) {
			assertThat(c).as("fails before defining the class").isNotInstanceOf(LinkageError.class);
		}
	}

	/** The sender refuses to ship a class file it cannot scan. */
	@Test
	void theSenderRefusesToPickleAClassFileOfVersion99() throws Exception {
		Object future = futureInstance(99);
		assertThatThrownBy(() -> pickler.dumps(future)).isInstanceOf(PickleException.class)
			.hasMessageContaining(NAME)
			.hasMessageContaining("99");
	}

	/**
	 * The receiver on its own: a payload announcing a version-99 class file (a sender the
	 * check above does not hold back) is refused by the child up front, naming the
	 * version; one whose header understates the version of a class file it ships is
	 * corrupt.
	 */
	@Test
	void theChildRefusesAPayloadShippingAClassFileOfVersion99() throws Exception {
		ShippedBundle bundle = ShippedBundle.of(pickler.dumps(futureInstance(Opcodes.V26)));
		assertThat(bundle.entries()).extracting(ShippedBundle.Entry::name).containsExactly(NAME);
		byte[] announced = bundle.withClassFileVersion(99, 99);
		assertThatThrownBy(() -> child.call(announced)).isInstanceOfSatisfying(RemoteFailure.class, f -> {
			assertThat(f.remoteExceptionClass()).isEqualTo(PickleException.class.getName());
			assertThat(f.remoteMessage()).startsWith("payload ships class files of version 99 (Java 55)");
		});
		byte[] understated = bundle.withClassFileVersion(99, Opcodes.V17);
		assertThatThrownBy(() -> child.call(understated)).isInstanceOfSatisfying(RemoteFailure.class, f -> {
			assertThat(f.remoteExceptionClass()).isEqualTo(PickleException.class.getName());
			assertThat(f.remoteMessage()).isEqualTo("payload is corrupt: class " + NAME
					+ " has version 99 but the header announced at most " + Opcodes.V17);
		});
	}

}
