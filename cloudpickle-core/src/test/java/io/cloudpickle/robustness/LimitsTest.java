package io.cloudpickle.robustness;

import java.util.ArrayList;
import java.util.List;

import com.example.fixtures.deep.Node;
import com.example.fixtures.graph.GraphTasks;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each configured read limit gives a PickleException that names it (PickleLimits' contract). */
class LimitsTest {

	private static final Pickler WRITER = Pickler.builder().byValuePackages("com.example.fixtures").build();

	private static Pickler reader(PickleLimits limits) {
		return Pickler.builder().byValuePackages("com.example.fixtures").limits(limits).build();
	}

	private static void assertLimit(PickleLimits limits, Object graph, String... anyOfWords) {
		byte[] payload = WRITER.dumps(graph);
		assertThat(reader(PickleLimits.defaults()).loads(payload)).as("loads within default limits").isNotNull();
		assertThatThrownBy(() -> reader(limits).loads(payload)).isInstanceOf(PickleException.class)
			.satisfies(e -> assertThat(e.getMessage().toLowerCase()).containsAnyOf(anyOfWords));
	}

	@Test
	void maxPayloadBytes() {
		assertLimit(PickleLimits.defaults().withMaxPayloadBytes(100), new byte[1000], "payload", "bytes");
	}

	@Test
	void maxArrayLength() {
		assertLimit(PickleLimits.defaults().withMaxArrayLength(100), new int[1000], "array", "length");
	}

	@Test
	void maxArrayLengthAppliesToCollections() {
		List<Integer> list = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			list.add(i);
		}
		assertLimit(PickleLimits.defaults().withMaxArrayLength(100), list, "array", "length", "collection", "size");
	}

	@Test
	void maxStringLength() {
		assertLimit(PickleLimits.defaults().withMaxStringLength(100), "x".repeat(1000), "string");
	}

	@Test
	void maxObjects() {
		assertLimit(PickleLimits.defaults().withMaxObjects(100), Node.list(1000), "object");
	}

	@Test
	void maxDepth() {
		assertLimit(PickleLimits.defaults().withMaxDepth(100), Node.list(1000), "depth");
	}

	@Test
	void maxClasses() {
		assertLimit(PickleLimits.defaults().withMaxClasses(1), GraphTasks.describe(List.of(1)), "class");
	}

	@Test
	void maxClassBytes() {
		assertLimit(PickleLimits.defaults().withMaxClassBytes(100), GraphTasks.describe(List.of(1)), "class", "bytes");
	}

}
