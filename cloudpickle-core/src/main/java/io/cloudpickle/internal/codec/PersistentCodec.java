package io.cloudpickle.internal.codec;

import io.cloudpickle.PersistentIds;
import io.cloudpickle.PickleException;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.internal.io.ByteSink;
import io.cloudpickle.internal.io.ByteSource;
import io.cloudpickle.internal.io.PrintableNames;

/**
 * The {@code PERSISTENT} value: an object replaced by the id its {@link PersistentIds}
 * gives, written as a string, without an object id (each occurrence is looked up again).
 */
final class PersistentCodec {

	private PersistentCodec() {
	}

	/** Writes {@code value} as a persistent id if the scheme has one for it. */
	static boolean write(PersistentIds ids, Object value, ByteSink out) {
		String id = ids.persistentId(value);
		if (id == null) {
			return false;
		}
		out.writeByte(Tag.PERSISTENT.code);
		out.writeString(id);
		return true;
	}

	static Object read(ObjectReader reader) {
		PersistentIds ids = reader.registry().persistentIds;
		ByteSource in = reader.in();
		PickleLimits limits = reader.limits();
		String id = PrintableNames.require(in.readString(limits.maxStringLength()), "persistent id");
		if (ids == null) {
			throw new PickleException("payload refers to an object the sender expected this receiver to have (" + id
					+ "), but this pickler resolves no persistent ids (see Pickler.Builder.persistentIds)");
		}
		Object value = ids.persistentLoad(id);
		if (value == null) {
			throw new PickleException("persistent id " + id + " resolved to nothing on this receiver");
		}
		return value;
	}

}
