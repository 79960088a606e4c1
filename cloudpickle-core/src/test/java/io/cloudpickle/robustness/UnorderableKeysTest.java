package io.cloudpickle.robustness;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cloudpickle.PickleException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keys that a sorted map cannot order (a null key, keys of two types) are corrupt input:
 * the refusal names the key and the container (and, below the root, where the container
 * sits in the graph) instead of wrapping the container's own exception.
 */
class UnorderableKeysTest {

	@ParameterizedTest
	@ValueSource(strings = { "cov-15c859515ea1", "cov-c9564e0781bc" })
	void aKeyTheSortedMapCannotOrderIsRefusedByName(String input) throws IOException {
		byte[] payload;
		try (InputStream in = UnorderableKeysTest.class.getResourceAsStream("LoadsFuzzTestInputs/loads/" + input)) {
			payload = in.readAllBytes();
		}
		assertThatThrownBy(() -> SeedPayloads.receiver().loads(payload)).isInstanceOf(PickleException.class)
			.hasMessageStartingWith("payload is corrupt: key ")
			.hasMessageContaining(" cannot be put into a java.util.TreeMap (java.lang.");
	}

}
