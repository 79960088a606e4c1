package io.cloudpickle.hazelcast;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Applies a pickled {@link Closures.EntryUpdate} to each entry in place, on the partition
 * thread of the member that owns it (and again on the backups, as every Hazelcast entry
 * processor). Answers a reply per entry; null results give no reply. A payload that
 * cannot be loaded changes nothing.
 */
final class PickledEntryProcessor<K, V>
		implements EntryProcessor<K, V, byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {

	private static final long serialVersionUID = 1L;

	private byte[] payload;

	private transient HazelcastInstance instance;

	PickledEntryProcessor() {
	}

	PickledEntryProcessor(byte[] payload) {
		this.payload = payload;
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance instance) {
		this.instance = instance;
	}

	@Override
	@SuppressWarnings("unchecked")
	public byte[] process(Map.Entry<K, V> entry) {
		MemberRuntime runtime = MemberRuntime.of(this.instance);
		Object result;
		try {
			Closures.EntryUpdate<K, V, Object> update = (Closures.EntryUpdate<K, V, Object>) runtime
				.unpickle(this.payload);
			result = update.apply(entry);
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			return Replies.failed(runtime.pickler(), ex);
		}
		return (result != null) ? Replies.ok(runtime.pickler(), result) : null;
	}

	@Override
	public int getFactoryId() {
		return WireTypes.FACTORY_ID;
	}

	@Override
	public int getClassId() {
		return WireTypes.ENTRY_PROCESSOR;
	}

	@Override
	public void writeData(ObjectDataOutput out) throws IOException {
		out.writeByteArray(this.payload);
	}

	@Override
	public void readData(ObjectDataInput in) throws IOException {
		this.payload = in.readByteArray();
	}

}
