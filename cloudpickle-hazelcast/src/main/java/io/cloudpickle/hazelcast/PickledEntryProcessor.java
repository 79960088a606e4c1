package io.cloudpickle.hazelcast;

import java.util.Map;

import com.hazelcast.map.EntryProcessor;

/**
 * Applies a pickled {@link Closures.EntryUpdate} to each entry in place, on the partition
 * thread of the member that owns it (and again on the backups, as every Hazelcast entry
 * processor). Answers a reply per entry; null results give no reply. A payload that
 * cannot be loaded changes nothing.
 */
final class PickledEntryProcessor<K, V> extends PickledPayload implements EntryProcessor<K, V, byte[]> {

	private static final long serialVersionUID = 1L;

	PickledEntryProcessor() {
	}

	PickledEntryProcessor(byte[] payload) {
		super(payload);
	}

	@Override
	@SuppressWarnings("unchecked")
	public byte[] process(Map.Entry<K, V> entry) {
		MemberRuntime runtime = runtime();
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
	public int getClassId() {
		return WireTypes.ENTRY_PROCESSOR;
	}

}
