package io.cloudpickle.hazelcast;

import java.util.Map;
import java.util.Set;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

/** The {@link MemberContext} of a task running on a member. */
final class LocalContext implements MemberContext {

	private final HazelcastInstance instance;

	private final MemberBeans beans;

	LocalContext(HazelcastInstance instance, MemberBeans beans) {
		this.instance = instance;
		this.beans = beans;
	}

	@Override
	public HazelcastInstance hazelcast() {
		return this.instance;
	}

	@Override
	public <K, V> Map<K, V> localEntries(String mapName) {
		IMap<K, V> map = this.instance.getMap(mapName);
		Set<K> keys = map.localKeySet();
		// getAll groups keys by partition: all of them are owned here, so no entry
		// crosses the network.
		return map.getAll(keys);
	}

	@Override
	public <T> T bean(Class<T> type) {
		return this.beans.bean(type);
	}

	@Override
	public Object bean(String name) {
		return this.beans.bean(name);
	}

}
