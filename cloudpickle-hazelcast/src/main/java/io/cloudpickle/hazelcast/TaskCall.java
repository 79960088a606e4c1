package io.cloudpickle.hazelcast;

import java.io.IOException;
import java.util.concurrent.Callable;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** A pickled {@link MemberTask} on its way to a member; answers with a reply. */
final class TaskCall implements Callable<byte[]>, IdentifiedDataSerializable, HazelcastInstanceAware {

	private byte[] payload;

	private transient HazelcastInstance instance;

	TaskCall() {
	}

	TaskCall(byte[] payload) {
		this.payload = payload;
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance instance) {
		this.instance = instance;
	}

	@Override
	public byte[] call() {
		MemberRuntime runtime = MemberRuntime.of(this.instance);
		Object result;
		try {
			Object task = runtime.pickler().loads(this.payload);
			if (!(task instanceof MemberTask<?> memberTask)) {
				throw new io.cloudpickle.PickleException("payload holds a "
						+ ((task != null) ? task.getClass().getName() : "null") + ", not a MemberTask");
			}
			result = memberTask.run(new LocalContext(this.instance, runtime.beans()));
		}
		catch (Throwable ex) {
			if (ex instanceof VirtualMachineError error) {
				throw error;
			}
			return Replies.failed(runtime.pickler(), ex);
		}
		return Replies.ok(runtime.pickler(), result);
	}

	@Override
	public int getFactoryId() {
		return WireTypes.FACTORY_ID;
	}

	@Override
	public int getClassId() {
		return WireTypes.TASK_CALL;
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
