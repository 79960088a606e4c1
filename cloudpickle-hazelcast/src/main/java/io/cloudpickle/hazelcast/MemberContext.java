package io.cloudpickle.hazelcast;

import java.util.Map;

import com.hazelcast.core.HazelcastInstance;

/** What a {@link MemberTask} sees of the member it runs on. */
public interface MemberContext {

	/** The member's own Hazelcast instance. */
	HazelcastInstance hazelcast();

	/**
	 * The entries of map {@code mapName} that this member owns, read locally (one batch
	 * per partition, no network call per key). Changes to the returned map do not write
	 * through.
	 */
	<K, V> Map<K, V> localEntries(String mapName);

	/**
	 * The member's bean of this type, in a Spring application.
	 * @throws IllegalStateException if the member has no application context or no such
	 * bean
	 */
	<T> T bean(Class<T> type);

	/**
	 * The member's bean of this name, in a Spring application.
	 * @throws IllegalStateException if the member has no application context or no such
	 * bean
	 */
	Object bean(String name);

}
