package io.cloudpickle.persistent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cloudpickle.PersistentIds;
import io.cloudpickle.PickleException;
import io.cloudpickle.Pickler;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The persistent-id hook: objects the scheme names travel as ids and come back as the
 * receiver's own objects (Python pickle's persistent_id / persistent_load).
 */
class PersistentIdsTest {

	/** Stands for something that must not travel by value (a data source, a client). */
	static final class Service {

		final String where;

		Service(String where) {
			this.where = where;
		}

	}

	record Job(String name, Service service, List<Service> again) {
	}

	/** Names services by a fixed id; loads them from its own registry. */
	record ServiceIds(Map<String, Service> registry) implements PersistentIds {

		@Override
		public String persistentId(Object obj) {
			return (obj instanceof Service) ? "service:main" : null;
		}

		@Override
		public Object persistentLoad(String id) {
			Service service = this.registry.get(id);
			if (service == null) {
				throw new PickleException("no service " + id + " here");
			}
			return service;
		}

	}

	@Test
	void namedObjectsComeBackAsTheReceiversOwn() {
		Service senderSide = new Service("sender");
		Service receiverSide = new Service("receiver");
		Pickler sender = Pickler.builder().persistentIds(new ServiceIds(Map.of())).build();
		Pickler receiver = Pickler.builder()
			.persistentIds(new ServiceIds(Map.of("service:main", receiverSide)))
			.build();

		byte[] payload = sender.dumps(new Job("j", senderSide, new ArrayList<>(List.of(senderSide))));
		Job job = receiver.loads(payload, Job.class);

		assertThat(job.name()).isEqualTo("j");
		assertThat(job.service()).isSameAs(receiverSide);
		assertThat(job.again().get(0)).isSameAs(receiverSide);
		assertThat(new String(payload, StandardCharsets.ISO_8859_1)).contains("service:main").doesNotContain("sender");
	}

	@Test
	void aReceiverWithoutTheSchemeNamesTheId() {
		Pickler sender = Pickler.builder().persistentIds(new ServiceIds(Map.of())).build();
		byte[] payload = sender.dumps(new Job("j", new Service("s"), List.of()));
		assertThatThrownBy(() -> Pickler.builder().build().loads(payload)).isInstanceOf(PickleException.class)
			.hasMessageContaining("service:main")
			.hasMessageContaining("persistent ids");
	}

	@Test
	void aReceiverThatLacksTheObjectSaysWhich() {
		Pickler sender = Pickler.builder().persistentIds(new ServiceIds(Map.of())).build();
		byte[] payload = sender.dumps(new Job("j", new Service("s"), List.of()));
		Pickler receiver = Pickler.builder().persistentIds(new ServiceIds(Map.of())).build();
		assertThatThrownBy(() -> receiver.loads(payload)).isInstanceOf(PickleException.class)
			.hasMessageContaining("no service service:main here");
	}

}
