package io.cloudpickle.crossjvm;

import io.cloudpickle.Pickler;
import io.cloudpickle.testing.PerClassRemoteJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class generated at runtime (ASM, defined by a custom loader that serves its bytes,
 * from no jar or directory) travels by value with no registration.
 */
class RuntimeDefinedCrossJvmTest {

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	@Test
	void aRuntimeGeneratedClassInAnUnregisteredPackageTravelsByValueWithoutRegistration() {
		Pickler unregistered = Pickler.builder().useGlobalRegistry(false).build();
		Class<?> generated = VersionedClasses.defineIn("com.generated.rt.Task", "runtime-made", true);
		byte[] payload = unregistered.dumps(VersionedClasses.newInstance(generated));
		assertThat(Payloads.classFiles(payload)).isEqualTo(1);
		assertThat(child.hasClass("com.generated.rt.Task")).isFalse();
		assertThat(child.call(payload)).isEqualTo("runtime-made");
	}

	@Test
	void aRuntimeGeneratedClassWhoseLoaderServesItsBytesOnlyAsAStreamAlsoTravelsByValue() {
		Pickler unregistered = Pickler.builder().useGlobalRegistry(false).build();
		Class<?> generated = VersionedClasses.defineIn("com.generated.rt2.Task", "stream-only", false);
		byte[] payload = unregistered.dumps(VersionedClasses.newInstance(generated));
		assertThat(child.call(payload)).isEqualTo("stream-only");
	}

}
