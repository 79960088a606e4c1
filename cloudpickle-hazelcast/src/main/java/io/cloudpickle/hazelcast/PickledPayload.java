package io.cloudpickle.hazelcast;

import java.io.IOException;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * A wrapper type members receive: pickled bytes, read without Java serialization, and the
 * member it arrived on.
 */
abstract class PickledPayload implements IdentifiedDataSerializable, HazelcastInstanceAware {

	byte[] payload;

	private transient HazelcastInstance instance;

	PickledPayload() {
	}

	PickledPayload(byte[] payload) {
		this.payload = payload;
	}

	@Override
	public void setHazelcastInstance(HazelcastInstance instance) {
		this.instance = instance;
	}

	HazelcastInstance instance() {
		return this.instance;
	}

	/** The member's runtime (or, before Hazelcast named the member, any of this JVM). */
	MemberRuntime runtime() {
		return MemberRuntime.of(this.instance);
	}

	@Override
	public int getFactoryId() {
		return WireTypes.FACTORY_ID;
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
