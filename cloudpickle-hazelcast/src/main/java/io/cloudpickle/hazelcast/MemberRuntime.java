package io.cloudpickle.hazelcast;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

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

	/**
	 * Runtimes of this JVM, newest first, for wrappers that were not handed their member.
	 * Weak: a member's configuration holds its runtime while the member runs; a runtime
	 * is dropped when its member shuts down ({@link #release}) or its configuration is
	 * collected, so members started and stopped in one JVM leave nothing behind.
	 */
	private static final Deque<WeakReference<MemberRuntime>> LIVE = new ConcurrentLinkedDeque<>();

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
	}

	/** Makes this runtime the one wrappers of unknown members use, until released. */
	void register() {
		LIVE.removeIf((ref) -> ref.get() == null);
		LIVE.addFirst(new WeakReference<>(this));
	}

	/** Forgets this runtime (its member shut down). */
	void release() {
		LIVE.removeIf((ref) -> ref.get() == null || ref.get() == this);
	}

	/** The runtimes of this JVM that are registered and not yet collected. */
	static List<MemberRuntime> registered() {
		List<MemberRuntime> runtimes = new ArrayList<>();
		for (WeakReference<MemberRuntime> ref : LIVE) {
			MemberRuntime runtime = ref.get();
			if (runtime != null) {
				runtimes.add(runtime);
			}
		}
		LIVE.removeIf((ref) -> ref.get() == null);
		return runtimes;
	}

	/** The runtime of a member, or of any member of this JVM if it is not known. */
	static MemberRuntime of(HazelcastInstance instance) {
		if (instance != null) {
			Object runtime = instance.getUserContext().get(KEY);
			if (runtime instanceof MemberRuntime memberRuntime) {
				return memberRuntime;
			}
		}
		for (WeakReference<MemberRuntime> ref : LIVE) {
			MemberRuntime runtime = ref.get();
			if (runtime != null) {
				return runtime;
			}
		}
		throw new IllegalStateException("this Hazelcast member was not prepared for cloudpickle tasks:"
				+ " start it with CloudPickleHazelcast.configureMember(config, pickler)");
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
