package io.cloudpickle.robustness;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;

/**
 * Jazzer fuzz test over {@link Pickler#loads(byte[])} with
 * {@code PickleLimits.network()}. The only allowed failure is a {@link PickleException};
 * any other exception or Error propagates and fails the test (Jazzer reports it as a
 * finding). A plain {@code ./mvnw test} runs the regression corpus in
 * {@code src/test/resources/io/cloudpickle/robustness/LoadsFuzzTestInputs/loads/} (real
 * payloads of a lambda, a map, records, a cyclic graph, a by-value class and a signed
 * payload; see {@link SeedPayloads}); {@code JAZZER_FUZZ=1} fuzzes (docs/SECURITY.md,
 * "Fuzzing").
 */
class LoadsFuzzTest {

	private static final Pickler PICKLER = SeedPayloads.receiver();

	@FuzzTest(maxDuration = "5m")
	void loads(byte[] data) {
		try {
			PICKLER.loads(data);
		}
		catch (PickleException expected) {
			// the one allowed outcome besides a value
		}
	}

}
