package io.cloudpickle.hazelcast;

import java.io.IOException;
import java.util.Map;

import com.hazelcast.aggregation.Aggregator;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

/**
 * Runs a pickled {@link Reduction} over the entries of each partition on the member that
 * owns it; partial results are combined on the members and only the final result, as a
 * reply, reaches the caller. A failure (a closure that throws, a payload refused or
 * naming classes the member lacks) travels in place of the partial result, so it too
 * reaches the caller as itself.
 */
final class PickledAggregator<K, V> extends PickledPayload implements Aggregator<Map.Entry<K, V>, byte[]> {

	private static final long serialVersionUID = 1L;

	private transient Reduction<V, Object> reduction;

	private transient Object partial;

	/** A partial result as received from another member, decoded when combined. */
	private transient byte[] partialReply;

	private transient boolean started;

	/** A failure reply, once something failed: it wins over every partial result. */
	private transient byte[] failure;

	private transient long accepted;

	PickledAggregator() {
	}

	PickledAggregator(byte[] payload) {
		super(payload);
	}

	@SuppressWarnings("unchecked")
	private boolean ready(MemberRuntime runtime) {
		if (this.failure != null) {
			return false;
		}
		if (this.reduction == null) {
			try {
				this.reduction = (Reduction<V, Object>) runtime.unpickle(this.payload);
			}
			catch (RuntimeException | LinkageError ex) {
				this.failure = Replies.failed(runtime.pickler(), ex);
				return false;
			}
		}
		return true;
	}

	@Override
	public void accumulate(Map.Entry<K, V> entry) {
		MemberRuntime runtime = runtime();
		if (!ready(runtime)) {
			return;
		}
		try {
			V value = entry.getValue();
			if (!this.reduction.accepts(value)) {
				return;
			}
			if (!this.started) {
				this.partial = this.reduction.zero();
				this.started = true;
			}
			this.partial = this.reduction.add(this.partial, value);
			this.accepted++;
		}
		catch (RuntimeException | LinkageError ex) {
			this.failure = Replies.failed(runtime.pickler(), ex);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public void combine(Aggregator other) {
		PickledAggregator<K, V> that = (PickledAggregator<K, V>) other;
		MemberRuntime runtime = runtime();
		if (this.failure != null) {
			return;
		}
		if (that.failure != null) {
			this.failure = that.failure;
			return;
		}
		if (!that.started) {
			return;
		}
		Object theirs;
		try {
			theirs = that.partial(runtime);
		}
		catch (Throwable ex) {
			this.failure = Replies.isFailure(that.partialReply) ? that.partialReply
					: Replies.failed(runtime.pickler(), ex);
			return;
		}
		if (!this.started) {
			this.partial = theirs;
			this.started = true;
			this.accepted = that.accepted;
			return;
		}
		if (!ready(runtime)) {
			return;
		}
		try {
			this.partial = this.reduction.combine(partial(runtime), theirs);
			this.accepted += that.accepted;
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			this.failure = Replies.failed(runtime.pickler(), ex);
		}
	}

	/** The partial result, decoding one received from another member on first use. */
	private Object partial(MemberRuntime runtime) throws Throwable {
		if (this.partialReply != null) {
			byte[] reply = this.partialReply;
			this.partialReply = null;
			this.partial = Replies.read(runtime.pickler(), reply);
		}
		return this.partial;
	}

	@Override
	public byte[] aggregate() {
		MemberRuntime runtime = runtime();
		if (this.failure != null) {
			return this.failure;
		}
		if (!this.started) {
			if (!ready(runtime)) {
				return this.failure;
			}
			try {
				this.partial = this.reduction.zero();
			}
			catch (RuntimeException | LinkageError ex) {
				return Replies.failed(runtime.pickler(), ex);
			}
		}
		try {
			return Replies.ok(runtime.pickler(), partial(runtime));
		}
		catch (Throwable ex) {
			return Replies.failed(runtime.pickler(), ex);
		}
	}

	@Override
	public int getClassId() {
		return WireTypes.AGGREGATOR;
	}

	@Override
	public void writeData(ObjectDataOutput out) throws IOException {
		super.writeData(out);
		if (this.failure != null) {
			out.writeByte(2);
			out.writeByteArray(this.failure);
		}
		else if (this.started) {
			// A partial result on its way to the member that combines: pickled and signed
			// by this member's pickler.
			out.writeByte(1);
			out.writeLong(this.accepted);
			out.writeByteArray(
					(this.partialReply != null) ? this.partialReply : Replies.ok(runtime().pickler(), this.partial));
		}
		else {
			out.writeByte(0);
		}
	}

	@Override
	public void readData(ObjectDataInput in) throws IOException {
		super.readData(in);
		byte state = in.readByte();
		if (state == 2) {
			this.failure = in.readByteArray();
		}
		else if (state == 1) {
			this.accepted = in.readLong();
			this.partialReply = in.readByteArray();
			this.started = true;
		}
	}

}
