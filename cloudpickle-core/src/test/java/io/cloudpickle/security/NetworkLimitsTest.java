package io.cloudpickle.security;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cloudpickle.CloudPickle;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PickleLimits#network()}, and that exceeding each limit names it. */
class NetworkLimitsTest {

	private static Pickler reader(PickleLimits limits) {
		return Pickler.builder().useGlobalRegistry(false).limits(limits).build();
	}

	@Test
	void networkLimitsAreBoundedAndKeepOrdinaryPayloads() {
		PickleLimits network = PickleLimits.network();
		assertThat(network.maxPayloadBytes()).isEqualTo(16L * 1024 * 1024);
		assertThat(network.maxDepth()).isEqualTo(100_000);
		assertThat(network.maxClasses()).isEqualTo(512);
		assertThat(network.maxClassBytes()).isEqualTo(8L * 1024 * 1024);
		List<Object> deep = new ArrayList<>();
		List<Object> cursor = deep;
		for (int i = 0; i < 50_000; i++) {
			List<Object> next = new ArrayList<>();
			cursor.add(next);
			cursor = next;
		}
		Object loaded = reader(network).loads(CloudPickle.dumps(deep));
		int depth = 0;
		while (loaded instanceof List<?> list && !list.isEmpty()) {
			loaded = list.get(0);
			depth++;
		}
		assertThat(depth).isEqualTo(50_000);
		assertThat(reader(network).loads(CloudPickle.dumps(new int[1_000_000]))).isInstanceOf(int[].class);
	}

	@Test
	void everyLimitIsNamedWhenExceeded() {
		PickleLimits base = PickleLimits.network();
		byte[] big = CloudPickle.dumps(new byte[100_000]);
		assertThatThrownBy(() -> reader(base.withMaxPayloadBytes(1000)).loads(big)).isInstanceOf(PickleException.class)
			.hasMessageContaining("maxPayloadBytes=1000");
		assertThatThrownBy(() -> reader(base.withMaxPayloadBytes(1000)).load(new ByteArrayInputStream(big)))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("maxPayloadBytes=1000");
		assertThatThrownBy(() -> reader(base.withMaxArrayLength(10)).loads(big)).isInstanceOf(PickleException.class)
			.hasMessageContaining("maxArrayLength");
		assertThatThrownBy(() -> reader(base.withMaxArrayLength(10))
			.loads(CloudPickle.dumps(new ArrayList<>(Collections.nCopies(11, "x")))))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("maxArrayLength");
		assertThatThrownBy(() -> reader(base.withMaxStringLength(10)).loads(CloudPickle.dumps("x".repeat(11))))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("maxStringLength");
		Map<String, Object> many = new LinkedHashMap<>();
		for (int i = 0; i < 100; i++) {
			many.put("k" + i, new StringBuilder("v" + i));
		}
		assertThatThrownBy(() -> reader(base.withMaxObjects(50)).loads(CloudPickle.dumps(many)))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("maxObjects");
		List<Object> deep = new ArrayList<>();
		List<Object> cursor = deep;
		for (int i = 0; i < 100; i++) {
			List<Object> next = new ArrayList<>();
			cursor.add(next);
			cursor = next;
		}
		assertThatThrownBy(() -> reader(base.withMaxDepth(50)).loads(CloudPickle.dumps(deep)))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("maxDepth=50");
	}

	@Test
	void shippedClassLimitsAreNamed() throws Exception {
		Object task = Generated.instance("gen.limits.Task", Generated.supplier("gen.limits.Task", "x", null));
		byte[] payload = Pickler.builder().useGlobalRegistry(false).byValuePackages("gen.limits").build().dumps(task);
		assertThatThrownBy(() -> reader(PickleLimits.network().withMaxClassBytes(100)).loads(payload))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("maxClassBytes");
		Object other = Generated.instance("gen.limits.Other", Generated.supplier("gen.limits.Other", "y", null));
		byte[] two = Pickler.builder()
			.useGlobalRegistry(false)
			.byValuePackages("gen.limits")
			.build()
			.dumps(List.of(task, other));
		assertThatThrownBy(() -> reader(PickleLimits.network().withMaxClasses(1)).loads(two))
			.isInstanceOf(PickleException.class)
			.hasMessageContaining("maxClasses=1");
	}

}
