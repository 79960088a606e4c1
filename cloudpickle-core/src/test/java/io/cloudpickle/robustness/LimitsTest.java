package io.cloudpickle.robustness;

import java.util.ArrayList;
import java.util.List;

import com.example.fixtures.deep.Node;
import com.example.fixtures.graph.GraphTasks;
import io.cloudpickle.PickleLimitException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each configured read limit gives a PickleLimitException that names it (PickleLimits'
 * contract).
 */
class LimitsTest {

	private static final Pickler WRITER = Pickler.builder().byValuePackages("com.example.fixtures").build();

	private static Pickler reader(PickleLimits limits) {
		return Pickler.builder().byValuePackages("com.example.fixtures").limits(limits).build();
	}

	/**
	 * The refusal is a {@link PickleLimitException} that names the limit, in its message
	 * and its {@code limit()}.
	 */
	private static void assertLimit(PickleLimits limits, Object graph, String limit) {
		byte[] payload = WRITER.dumps(graph);
		assertThat(reader(PickleLimits.defaults()).loads(payload)).as("loads within default limits").isNotNull();
		assertThatThrownBy(() -> reader(limits).loads(payload)).isInstanceOfSatisfying(PickleLimitException.class,
				(e) -> {
					assertThat(e.limit().limitName()).isEqualTo(limit);
					assertThat(e.getMessage()).contains(limit);
				});
	}

	@Test
	void maxPayloadBytes() {
		assertLimit(PickleLimits.defaults().withMaxPayloadBytes(100), new byte[1000], "maxPayloadBytes");
	}

	@Test
	void maxArrayLength() {
		assertLimit(PickleLimits.defaults().withMaxArrayLength(100), new int[1000], "maxArrayLength");
	}

	@Test
	void maxArrayLengthAppliesToCollections() {
		List<Integer> list = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			list.add(i);
		}
		assertLimit(PickleLimits.defaults().withMaxArrayLength(100), list, "maxArrayLength");
	}

	@Test
	void maxStringLength() {
		assertLimit(PickleLimits.defaults().withMaxStringLength(100), "x".repeat(1000), "maxStringLength");
	}

	@Test
	void maxObjects() {
		assertLimit(PickleLimits.defaults().withMaxObjects(100), Node.list(1000), "maxObjects");
	}

	@Test
	void maxDepth() {
		assertLimit(PickleLimits.defaults().withMaxDepth(100), Node.list(1000), "maxDepth");
	}

	@Test
	void maxClasses() {
		assertLimit(PickleLimits.defaults().withMaxClasses(1), GraphTasks.describe(List.of(1)), "maxClasses");
	}

	@Test
	void maxClassBytes() {
		assertLimit(PickleLimits.defaults().withMaxClassBytes(100), GraphTasks.describe(List.of(1)), "maxClassBytes");
	}

}
