package io.cloudpickle.hazelcast;

import java.util.concurrent.Callable;

/** A pickled {@link MemberTask} on its way to a member; answers with a reply. */
final class TaskCall extends PickledPayload implements Callable<byte[]> {

	TaskCall() {
	}

	TaskCall(byte[] payload) {
		super(payload);
	}

	@Override
	public byte[] call() {
		MemberRuntime runtime = runtime();
		Object result;
		try {
			Object task = runtime.pickler().loads(this.payload);
			if (!(task instanceof MemberTask<?> memberTask)) {
				throw new io.cloudpickle.PickleException("payload holds a "
						+ ((task != null) ? task.getClass().getName() : "null") + ", not a MemberTask");
			}
			result = memberTask.run(new LocalContext(instance(), runtime.beans()));
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
	public int getClassId() {
		return WireTypes.TASK_CALL;
	}

}
