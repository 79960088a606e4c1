package io.cloudpickle.hazelcast;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hazelcast.core.HazelcastInstance;
import io.cloudpickle.Pickler;

/**
 * A member's side of the protocol: its receiving pickler, its beans, and the closures it
 * has unpickled, cached by the SHA-256 of their payload so that Hazelcast's clones of one
 * aggregator or entry processor (one per partition) unpickle once.
 */
final class MemberRuntime {

	/** Key of the runtime in the member's user context. */
	static final String KEY = "io.cloudpickle.hazelcast.MemberRuntime";

	private static final int CACHED_CLOSURES = 256;

	/** Runtimes of this JVM, for wrappers that were not handed their member. */
	private static final List<MemberRuntime> LIVE = new CopyOnWriteArrayList<>();

	private final Pickler pickler;

	private final MemberBeans beans;

	private final Map<ByteBuffer, Object> unpickled = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Object> eldest) {
			return size() > CACHED_CLOSURES;
		}
	};

	private long unpickles;

	MemberRuntime(Pickler pickler, MemberBeans beans) {
		this.pickler = pickler;
		this.beans = beans;
		LIVE.add(this);
	}

	/** The runtime of a member, or of any member of this JVM if it is not known. */
	static MemberRuntime of(HazelcastInstance instance) {
		if (instance != null) {
			Object runtime = instance.getUserContext().get(KEY);
			if (runtime instanceof MemberRuntime memberRuntime) {
				return memberRuntime;
			}
		}
		if (LIVE.isEmpty()) {
			throw new IllegalStateException("this Hazelcast member was not prepared for cloudpickle tasks:"
					+ " start it with CloudPickleHazelcast.configureMember(config, pickler)");
		}
		return LIVE.get(LIVE.size() - 1);
	}

	Pickler pickler() {
		return this.pickler;
	}

	MemberBeans beans() {
		return this.beans;
	}

	/**
	 * The closure a payload holds, unpickled once per distinct payload (signature
	 * included) and then shared.
	 */
	Object unpickle(byte[] payload) {
		ByteBuffer key = ByteBuffer.wrap(sha256(payload));
		synchronized (this.unpickled) {
			Object known = this.unpickled.get(key);
			if (known != null) {
				return known;
			}
		}
		Object closure = this.pickler.loads(payload);
		synchronized (this.unpickled) {
			Object raced = this.unpickled.putIfAbsent(key, closure);
			if (raced != null) {
				return raced;
			}
			this.unpickles++;
		}
		return closure;
	}

	/** How many payloads this member has unpickled (cache misses). */
	long unpickles() {
		synchronized (this.unpickled) {
			return this.unpickles;
		}
	}

	private static byte[] sha256(byte[] payload) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(payload);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("the JVM has no SHA-256", ex);
		}
	}

}
