package io.cloudpickle.robustness;

import java.nio.file.Files;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

import io.cloudpickle.PickleException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A shipped class file that passes its hash check but that the JVM refuses to define (a
 * fuzzer found one: a record component's type descriptor made invalid) is refused as a
 * corrupt payload naming the shipped class and where in the graph it was needed, not as a
 * wrapped {@link ClassFormatError}.
 */
class CorruptShippedClassTest {

	@Test
	void aShippedClassTheJvmCannotDefineIsACorruptPayloadNamingTheClass() throws Exception {
		byte[] input = Files
			.readAllBytes(Paths.get(getClass().getResource("LoadsFuzzTestInputs/loads/cov-d76ff33e84ba").toURI()));
		assertThatThrownBy(() -> SeedPayloads.receiver().loads(input)).isExactlyInstanceOf(PickleException.class)
			.hasMessageStartingWith("payload is corrupt: shipped class com.example.fixtures.graph.Color"
					+ " is not a valid class file (")
			.hasMessageContaining("illegal character in descriptor")
			.hasMessageEndingWith("(while reading ListN element 1)")
			.hasCauseInstanceOf(ClassFormatError.class);
	}

}
