package io.cloudpickle.internal.codec;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer's identity table agrees with an {@link IdentityHashMap} at every size. */
class IdentityIdsTest {

	@Test
	void equalButDistinctObjectsHaveTheirOwnIds() {
		IdentityIds ids = new IdentityIds();
		String a = new String("same");
		String b = new String("same");
		ids.put(a, 0);
		assertThat(ids.get(a)).isZero();
		assertThat(ids.get(b)).isEqualTo(IdentityIds.NONE);
		ids.put(b, 1);
		assertThat(ids.get(b)).isEqualTo(1);
		assertThat(ids.size()).isEqualTo(2);
	}

	@Test
	void aSecondPutReplacesTheIdWithoutAddingAnEntry() {
		IdentityIds ids = new IdentityIds();
		Object key = new Object();
		ids.put(key, 3);
		ids.put(key, 7);
		assertThat(ids.get(key)).isEqualTo(7);
		assertThat(ids.size()).isEqualTo(1);
	}

	@Test
	void agreesWithAnIdentityHashMapThroughManyGrowths() {
		IdentityIds ids = new IdentityIds();
		Map<Object, Integer> expected = new IdentityHashMap<>();
		List<Object> keys = new ArrayList<>();
		Random random = new Random(13);
		for (int i = 0; i < 200_000; i++) {
			Object key = (random.nextInt(10) == 0 && !keys.isEmpty()) ? keys.get(random.nextInt(keys.size()))
					: new Object();
			keys.add(key);
			ids.put(key, i);
			expected.put(key, i);
		}
		assertThat(ids.size()).isEqualTo(expected.size());
		for (Object key : keys) {
			assertThat(ids.get(key)).isEqualTo(expected.get(key));
		}
		assertThat(ids.get(new Object())).isEqualTo(IdentityIds.NONE);
	}

	@Test
	void clearForgetsEveryIdAndTheTableIsUsableAgain() {
		IdentityIds ids = new IdentityIds();
		List<Object> keys = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			Object key = new Object();
			keys.add(key);
			ids.put(key, i);
		}
		ids.clear();
		assertThat(ids.size()).isZero();
		for (Object key : keys) {
			assertThat(ids.get(key)).isEqualTo(IdentityIds.NONE);
		}
		ids.put(keys.get(5), 42);
		assertThat(ids.get(keys.get(5))).isEqualTo(42);
	}

}
