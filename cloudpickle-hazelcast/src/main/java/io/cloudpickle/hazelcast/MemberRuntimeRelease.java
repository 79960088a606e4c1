package io.cloudpickle.hazelcast;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.core.LifecycleListener;

/**
 * Releases a member's {@link MemberRuntime} when the member shuts down, so that a JVM
 * that starts and stops members keeps no runtime (nor its pickler and class space) of a
 * member that is gone.
 */
final class MemberRuntimeRelease implements LifecycleListener {

	private final MemberRuntime runtime;

	MemberRuntimeRelease(MemberRuntime runtime) {
		this.runtime = runtime;
	}

	@Override
	public void stateChanged(LifecycleEvent event) {
		if (event.getState() == LifecycleState.SHUTDOWN) {
			this.runtime.release();
		}
	}

}
