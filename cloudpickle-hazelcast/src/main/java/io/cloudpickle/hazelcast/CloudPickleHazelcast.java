package io.cloudpickle.hazelcast;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import io.cloudpickle.ClassesMissingException;
import io.cloudpickle.PeerClasses;
import io.cloudpickle.PeerPayload;
import io.cloudpickle.Pickler;

/**
 * Runs closures on a Hazelcast cluster, where the data lives. Closures and everything
 * they capture are pickled; their classes travel by value, once per member, so members
 * need only cloudpickle-core, ASM and this module on their class path (see
 * {@link #configureMember}).
 *
 * <p>
 * The caller's side: {@code CloudPickleHazelcast.on(instance, pickler)}, where
 * {@code instance} is a member or a client and {@code pickler} signs what it sends with
 * the members' key. Results come back pickled; a closure that throws fails the returned
 * future with its own exception (its class, message and the member's stack trace). Every
 * future completes within the {@linkplain #withTimeout timeout}, so a lost member never
 * leaves the caller waiting.
 *
 * <p>
 * Thread-safe.
 */
public final class CloudPickleHazelcast {

	/** The executor service tasks run on, unless {@link #withExecutor} names another. */
	public static final String DEFAULT_EXECUTOR = "cloudpickle";

	private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

	/**
	 * Fails futures at their timeout; a future that completes first cancels its timer.
	 */
	private static final ScheduledThreadPoolExecutor TIMER = timer();

	private final HazelcastInstance instance;

	private final Pickler pickler;

	private final String executorName;

	private final Duration timeout;

	private final Shared shared;

	/** What copies made by {@code with...} share: peers, traffic and the thread pool. */
	private static final class Shared {

		final Map<UUID, PeerClasses> members = new ConcurrentHashMap<>();

		/**
		 * Classes every member confirmed (aggregations and entry processors go to all).
		 */
		final PeerClasses cluster = new PeerClasses();

		final Traffic.Counter traffic = new Traffic.Counter();

		/** Runs Hazelcast's blocking map calls off the caller's thread. */
		final ExecutorService blocking = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "cloudpickle-hazelcast");
			thread.setDaemon(true);
			return thread;
		});

	}

	private CloudPickleHazelcast(HazelcastInstance instance, Pickler pickler, String executorName, Duration timeout,
			Shared shared) {
		this.instance = instance;
		this.pickler = pickler;
		this.executorName = executorName;
		this.timeout = timeout;
		this.shared = shared;
	}

	/**
	 * The caller's side on {@code instance}, a member or a client.
	 * @param pickler pickles tasks (sign them with the members' key) and loads results
	 */
	public static CloudPickleHazelcast on(HazelcastInstance instance, Pickler pickler) {
		return new CloudPickleHazelcast(Objects.requireNonNull(instance, "instance"),
				Objects.requireNonNull(pickler, "pickler"), DEFAULT_EXECUTOR, DEFAULT_TIMEOUT, new Shared());
	}

	/**
	 * Prepares a member's configuration: registers the wrapper types members receive,
	 * whitelists them (and only them, besides Hazelcast's and the JDK's own classes) in
	 * the Java deserialization filter, and installs {@code receivingPickler}, whose
	 * signature keys, class gates, class space and limits judge every payload.
	 * @param receivingPickler loads tasks; also pickles results and partial results (give
	 * it a signer when it requires signatures, since members read each other's partial
	 * results)
	 * @return {@code config}
	 */
	public static Config configureMember(Config config, Pickler receivingPickler) {
		return configureMember(config, receivingPickler, MemberBeans.NONE);
	}

	/**
	 * As {@link #configureMember(Config, Pickler)}, with the beans
	 * {@link MemberContext#bean} resolves.
	 */
	public static Config configureMember(Config config, Pickler receivingPickler, MemberBeans beans) {
		Objects.requireNonNull(receivingPickler, "receivingPickler");
		config.getSerializationConfig().addDataSerializableFactory(WireTypes.FACTORY_ID, new WireTypes());
		JavaSerializationFilterConfig filter = config.getSerializationConfig().getJavaSerializationFilterConfig();
		if (filter == null) {
			filter = new JavaSerializationFilterConfig();
			config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
		}
		filter.getWhitelist().addPrefixes(CloudPickleHazelcast.class.getPackageName() + ".");
		MemberRuntime runtime = new MemberRuntime(receivingPickler, beans);
		runtime.register();
		config.getUserContext().put(MemberRuntime.KEY, runtime);
		config.addListenerConfig(new ListenerConfig(new MemberRuntimeRelease(runtime)));
		return config;
	}

	/** A copy that fails every future not completed within {@code timeout}. */
	public CloudPickleHazelcast withTimeout(Duration timeout) {
		return new CloudPickleHazelcast(this.instance, this.pickler, this.executorName,
				Objects.requireNonNull(timeout, "timeout"), this.shared);
	}

	/** A copy that runs tasks on the members' executor service of that name. */
	public CloudPickleHazelcast withExecutor(String executorName) {
		return new CloudPickleHazelcast(this.instance, this.pickler, Objects.requireNonNull(executorName, "name"),
				this.timeout, this.shared);
	}

	/** The Hazelcast instance (member or client) calls go through. */
	public HazelcastInstance hazelcast() {
		return this.instance;
	}

	/** Bytes sent so far, for measuring what class bytes once per member saves. */
	public Traffic traffic() {
		return this.shared.traffic.snapshot();
	}

	/**
	 * Runs {@code task} on the member that owns {@code key} (the partition owner of the
	 * key in map {@code mapName}, whose entry the task can read there without a network
	 * call).
	 */
	public <R> CompletableFuture<R> onKeyOwner(String mapName, Object key, MemberTask<R> task) {
		Objects.requireNonNull(mapName, "mapName");
		Objects.requireNonNull(key, "key");
		IExecutorService executor = this.instance.getExecutorService(this.executorName);
		Partition partition = this.instance.getPartitionService().getPartition(key);
		Member owner = (partition != null) ? partition.getOwner() : null;
		PeerClasses peer = (owner != null) ? peerOf(owner) : new PeerClasses();
		return bounded(send(peer, task, (payload) -> stage(executor.submitToKeyOwner(new TaskCall(payload), key))));
	}

	/** Runs {@code task} once on every member; results in member order. */
	public <R> CompletableFuture<List<R>> onAllMembers(MemberTask<R> task) {
		Objects.requireNonNull(task, "task");
		IExecutorService executor = this.instance.getExecutorService(this.executorName);
		List<CompletableFuture<R>> each = new ArrayList<>();
		for (Member member : this.instance.getCluster().getMembers()) {
			each.add(send(peerOf(member), task,
					(payload) -> stage(executor.submitToMember(new TaskCall(payload), member))));
		}
		CompletableFuture<List<R>> all = CompletableFuture.allOf(each.toArray(new CompletableFuture<?>[0]))
			.thenApply((done) -> each.stream().map(CompletableFuture::join).toList());
		return bounded(all);
	}

	/**
	 * Folds the values of map {@code mapName} that pass {@code filter}, data-local: every
	 * member folds the values of its partitions from {@code zero} with {@code add},
	 * partial results are merged with {@code combine} on the members, and only the final
	 * result comes back.
	 */
	public <V, A> CompletableFuture<A> aggregate(String mapName, Closures.Filter<V> filter, Closures.Zero<A> zero,
			Closures.Add<A, V> add, Closures.Merge<A> combine) {
		return runAggregation(mapName, new Reduction.Fold<>(filter, zero, add, combine));
	}

	/**
	 * Groups the values of map {@code mapName} that pass {@code filter} by {@code key}
	 * and merges each group's {@code value}s with {@code merge}, data-local as
	 * {@link #aggregate}.
	 */
	public <V, G, R> CompletableFuture<Map<G, R>> groupBy(String mapName, Closures.Filter<V> filter,
			Closures.Fn<V, G> key, Closures.Fn<V, R> value, Closures.Merge<R> merge) {
		CompletableFuture<HashMap<G, R>> grouped = runAggregation(mapName,
				new Reduction.Grouping<>(filter, key, value, merge));
		return grouped.thenApply((map) -> map);
	}

	private <V, A> CompletableFuture<A> runAggregation(String mapName, Reduction<V, A> reduction) {
		IMap<Object, V> map = this.instance.getMap(mapName);
		return bounded(send(this.shared.cluster, reduction,
				(payload) -> blocking(() -> map.aggregate(new PickledAggregator<>(payload)))));
	}

	/**
	 * Applies {@code update} to every entry of map {@code mapName} in place, on the
	 * member that owns it; returns the non-null results by key. Hazelcast applies it
	 * again on each backup, so keep it deterministic.
	 */
	public <K, V, R> CompletableFuture<Map<K, R>> updateEntries(String mapName, Closures.EntryUpdate<K, V, R> update) {
		IMap<K, V> map = this.instance.getMap(mapName);
		return bounded(updateEntries(map, update, (processor) -> blocking(() -> map.executeOnEntries(processor))));
	}

	/**
	 * As {@link #updateEntries(String, Closures.EntryUpdate)} for the given keys only.
	 */
	public <K, V, R> CompletableFuture<Map<K, R>> updateEntries(String mapName, Set<K> keys,
			Closures.EntryUpdate<K, V, R> update) {
		IMap<K, V> map = this.instance.getMap(mapName);
		return bounded(
				updateEntries(map, update, (processor) -> map.submitToKeys(keys, processor).toCompletableFuture()));
	}

	private <K, V, R> CompletableFuture<Map<K, R>> updateEntries(IMap<K, V> map, Closures.EntryUpdate<K, V, R> update,
			Function<PickledEntryProcessor<K, V>, CompletableFuture<Map<K, byte[]>>> run) {
		PeerClasses peer = this.shared.cluster;
		PeerPayload payload = dumps(peer, update);
		return run.apply(new PickledEntryProcessor<>(payload.bytes())).thenCompose((replies) -> {
			EntryReplies<K, R> first = EntryReplies.read(this.pickler, replies);
			if (first.missing().isEmpty()) {
				peer.confirm(payload);
				return first.result();
			}
			// Entries on members that lacked the classes were not touched: run those
			// again,
			// with the bytes.
			first.missing().values().forEach(peer::forget);
			PeerPayload full = dumps(peer, update);
			this.shared.traffic.resent();
			return map.submitToKeys(first.missing().keySet(), new PickledEntryProcessor<K, V>(full.bytes()))
				.toCompletableFuture()
				.thenCompose((again) -> {
					EntryReplies<K, R> second = EntryReplies.read(this.pickler, again);
					if (!second.missing().isEmpty()) {
						return CompletableFuture.failedFuture(second.missing().values().iterator().next());
					}
					peer.confirm(full);
					Map<K, R> merged = new LinkedHashMap<>(first.values());
					merged.putAll(second.values());
					return second.failure().isPresent() ? CompletableFuture.failedFuture(second.failure().get())
							: first.failure().isPresent() ? CompletableFuture.failedFuture(first.failure().get())
									: CompletableFuture.completedFuture(merged);
				});
		});
	}

	private static ScheduledThreadPoolExecutor timer() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "cloudpickle-hazelcast-timeout");
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

	private PeerClasses peerOf(Member member) {
		return this.shared.members.computeIfAbsent(member.getUuid(), (uuid) -> new PeerClasses());
	}

	private PeerPayload dumps(PeerClasses peer, Object closure) {
		PeerPayload payload = this.pickler.dumpsFor(peer, closure);
		this.shared.traffic.sent(payload);
		return payload;
	}

	/**
	 * Sends a closure to a peer; if the peer lacks classes the payload named by hash, it
	 * forgets them and sends again with their bytes. Replies are read with this pickler.
	 */
	private <R> CompletableFuture<R> send(PeerClasses peer, Object closure,
			Function<byte[], CompletableFuture<byte[]>> transport) {
		PeerPayload payload = dumps(peer, closure);
		return transport.apply(payload.bytes()).thenCompose((reply) -> {
			try {
				R result = read(reply);
				peer.confirm(payload);
				return CompletableFuture.completedFuture(result);
			}
			catch (ClassesMissingException missing) {
				peer.forget(missing);
				PeerPayload full = dumps(peer, closure);
				this.shared.traffic.resent();
				return transport.apply(full.bytes()).thenApply((again) -> {
					R result = read(again);
					peer.confirm(full);
					return result;
				});
			}
		});
	}

	@SuppressWarnings("unchecked")
	private <R> R read(byte[] reply) {
		try {
			return (R) Replies.read(this.pickler, reply);
		}
		catch (RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new CompletionException(ex);
		}
	}

	private <T> CompletableFuture<T> blocking(Supplier<T> call) {
		return CompletableFuture.supplyAsync(call, this.shared.blocking);
	}

	private <T> CompletableFuture<T> stage(Future<T> future) {
		if (future instanceof CompletionStage<?>) {
			return ((CompletionStage<T>) future).toCompletableFuture();
		}
		return blocking(() -> {
			try {
				return future.get();
			}
			catch (ExecutionException ex) {
				throw new CompletionException(ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CompletionException(ex);
			}
		});
	}

	/**
	 * The future the caller gets: completed with the result, with the task's own
	 * exception (never Hazelcast's wrapper of an unknown one), or with a
	 * {@link TimeoutException} after the timeout.
	 */
	private <T> CompletableFuture<T> bounded(CompletableFuture<T> inner) {
		CompletableFuture<T> outer = new CompletableFuture<>();
		inner.whenComplete((value, failure) -> {
			if (failure == null) {
				outer.complete(value);
			}
			else {
				outer.completeExceptionally(Failures.unwrap(failure));
			}
		});
		ScheduledFuture<?> timer = TIMER.schedule(
				() -> outer.completeExceptionally(new TimeoutException(
						"the cluster did not answer within " + this.timeout + " (a member may have left)")),
				this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		outer.whenComplete((value, failure) -> timer.cancel(false));
		return outer;
	}

}
