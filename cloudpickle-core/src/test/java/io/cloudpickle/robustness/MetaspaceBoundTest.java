package io.cloudpickle.robustness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.example.fixtures.metaspace.MetaspaceTasks;
import io.cloudpickle.ClassSpace;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.RemoteJvm;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded metaspace. A receiver started with {@code -XX:MaxMetaspaceSize=64m} loads
 * 20,000 payloads each shipping a different version of one by-value class (same name,
 * different bytes) without running out of metaspace, and its class space stays within its
 * bounds. 20,000 payloads of one class define it once; eight threads loading one bundle
 * at once define its class once.
 */
class MetaspaceBoundTest {

	private static final String NAME = "com.example.fixtures.metaspace.gen.Versioned";

	private static final int PAYLOADS = 20_000;

	private static final int BATCH = 1_000;

	/**
	 * Bounds of {@link ClassSpace#shared()}, the space the child's
	 * {@code CloudPickle.loads} defines classes in.
	 */
	private static final int SHARED_MAX_LOADERS = 64;

	private static final int SHARED_MAX_CLASSES = 10_000;

	private static final Pickler SENDER = Pickler.builder().byValuePackages("com.example.fixtures").build();

	/**
	 * An instance of version {@code "v" + version}, defined in a throwaway loader that
	 * serves its class file.
	 */
	private static Object versioned(int version) throws Exception {
		byte[] bytes = GeneratedClass.generate(NAME, Opcodes.V17, "v" + version);
		return new GeneratedClass.ServingLoader(NAME, bytes, bytes).loadClass(NAME)
			.getDeclaredConstructor()
			.newInstance();
	}

	@Test
	void twentyThousandVersionsOfOneClassStayWithinTheBoundsOfACappedMetaspace() throws Exception {
		long start = System.nanoTime();
		try (RemoteJvm child = RemoteJvm.start(List.of("-XX:MaxMetaspaceSize=64m", "-Xmx256m"))) {
			// Warm up: one versioned payload and the probe itself, so "before" already
			// includes their classes.
			child.call(SENDER.dumps(MetaspaceTasks.loadAll(List.of(SENDER.dumps(versioned(-1))), -1)));
			long[] before = (long[]) child.call(SENDER.dumps(MetaspaceTasks.probe()));

			long ok = 0;
			long maxLoaders = 0;
			long maxClasses = 0;
			long payloadBytes = 0;
			long generateNanos = 0;
			for (int first = 0; first < PAYLOADS; first += BATCH) {
				long g = System.nanoTime();
				List<byte[]> batch = new ArrayList<>(BATCH);
				for (int v = first; v < first + BATCH; v++) {
					byte[] payload = SENDER.dumps(versioned(v));
					payloadBytes += payload.length;
					batch.add(payload);
				}
				generateNanos += System.nanoTime() - g;
				long[] answer = (long[]) child.call(SENDER.dumps(MetaspaceTasks.loadAll(batch, first)));
				ok += answer[MetaspaceTasks.OK];
				maxLoaders = Math.max(maxLoaders, answer[MetaspaceTasks.MAX_LOADERS]);
				maxClasses = Math.max(maxClasses, answer[MetaspaceTasks.MAX_CLASSES]);
			}
			long[] after = (long[]) child.call(SENDER.dumps(MetaspaceTasks.probe()));
			long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

			System.out.printf(
					"MetaspaceBoundTest [java %s]: %d payloads (%d bytes, each a different version of %s) loaded by a "
							+ "child with -XX:MaxMetaspaceSize=64m in %d ms (generating+pickling %d ms)%n",
					Runtime.version(), PAYLOADS, payloadBytes, NAME, elapsedMs,
					TimeUnit.NANOSECONDS.toMillis(generateNanos));
			System.out.printf(
					"  metaspace used/committed before: %.1f/%.1f MB, after System.gc(): %.1f/%.1f MB (max %.0f MB)%n",
					mb(before[MetaspaceTasks.META_USED]), mb(before[MetaspaceTasks.META_COMMITTED]),
					mb(after[MetaspaceTasks.META_USED]), mb(after[MetaspaceTasks.META_COMMITTED]),
					mb(after[MetaspaceTasks.META_MAX]));
			System.out.printf(
					"  class space after: loaders %d, classes %d, evictions %d, loadersCreated %d; max during the "
							+ "stream: loaders %d, classes %d; JVM classes loaded %d -> %d, unloaded %d -> %d%n",
					after[MetaspaceTasks.LOADERS], after[MetaspaceTasks.CLASSES], after[MetaspaceTasks.EVICTIONS],
					after[MetaspaceTasks.LOADERS_CREATED], maxLoaders, maxClasses,
					before[MetaspaceTasks.CLASSES_LOADED], after[MetaspaceTasks.CLASSES_LOADED],
					before[MetaspaceTasks.CLASSES_UNLOADED], after[MetaspaceTasks.CLASSES_UNLOADED]);

			assertThat(after[MetaspaceTasks.META_MAX]).as("the child's metaspace cap").isEqualTo(64L << 20);
			assertThat(ok).as("payloads that loaded and answered their own version").isEqualTo(PAYLOADS);
			assertThat(maxLoaders).as("most live loaders during the stream").isLessThanOrEqualTo(SHARED_MAX_LOADERS);
			assertThat(maxClasses).as("most live classes during the stream").isLessThanOrEqualTo(SHARED_MAX_CLASSES);
			assertThat(after[MetaspaceTasks.LOADERS]).isLessThanOrEqualTo(SHARED_MAX_LOADERS);
			assertThat(after[MetaspaceTasks.CLASSES]).isLessThanOrEqualTo(SHARED_MAX_CLASSES);
			assertThat(after[MetaspaceTasks.LOADERS_CREATED] - before[MetaspaceTasks.LOADERS_CREATED])
				.as("every version got a loader of its own")
				.isGreaterThanOrEqualTo(PAYLOADS);
			assertThat(after[MetaspaceTasks.EVICTIONS] - before[MetaspaceTasks.EVICTIONS])
				.isGreaterThanOrEqualTo(PAYLOADS - SHARED_MAX_LOADERS);
			assertThat(after[MetaspaceTasks.CLASSES_UNLOADED] - before[MetaspaceTasks.CLASSES_UNLOADED])
				.as("evicted versions were unloaded")
				.isGreaterThan(PAYLOADS / 2);
			assertThat(after[MetaspaceTasks.META_USED]).as("metaspace used after GC, bytes")
				.isLessThan(before[MetaspaceTasks.META_USED] + (16L << 20))
				.isLessThan(48L << 20);
			assertThat(child.stderr()).doesNotContain("OutOfMemoryError");
		}
	}

	@Test
	void twentyThousandPayloadsOfOneClassDefineItOnce() throws Exception {
		ClassSpace space = new ClassSpace(SHARED_MAX_LOADERS, SHARED_MAX_CLASSES, 256);
		Pickler receiver = Pickler.builder().classSpace(space).returnOwnClasses(false).build();
		Object original = versioned(7);
		Set<Class<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		ClassSpace.Counts first = null;
		for (int i = 0; i < PAYLOADS; i++) {
			Object loaded = receiver.loads(SENDER.dumps(original));
			assertThat(((Supplier<?>) loaded).get()).isEqualTo("v7");
			seen.add(loaded.getClass());
			if (first == null) {
				first = space.counts();
			}
		}
		ClassSpace.Counts last = space.counts();
		System.out.printf("MetaspaceBoundTest [java %s]: %d payloads of one class: first %s, last %s%n",
				Runtime.version(), PAYLOADS, first, last);
		assertThat(seen).hasSize(1);
		assertThat(seen.iterator().next()).isNotSameAs(original.getClass());
		assertThat(last.loadersCreated()).isEqualTo(1);
		assertThat(last.loaders()).isEqualTo(1);
		assertThat(last.classes()).isEqualTo(first.classes()).isEqualTo(1);
		assertThat(last.evictions()).isZero();
	}

	@Test
	void eightThreadsLoadingOneBundleAtOnceDefineItsClassOnce() throws Exception {
		int threads = 8;
		int rounds = 50;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (int round = 0; round < rounds; round++) {
				byte[] payload = SENDER.dumps(versioned(1_000 + round));
				ClassSpace space = new ClassSpace(SHARED_MAX_LOADERS, SHARED_MAX_CLASSES, 256);
				Pickler receiver = Pickler.builder().classSpace(space).returnOwnClasses(false).build();
				CountDownLatch ready = new CountDownLatch(threads);
				CountDownLatch go = new CountDownLatch(1);
				List<Future<Object>> results = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					results.add(pool.submit(() -> {
						ready.countDown();
						go.await();
						return receiver.loads(payload);
					}));
				}
				assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
				go.countDown();
				Set<Class<?>> classes = Collections.newSetFromMap(new IdentityHashMap<>());
				for (Future<Object> result : results) {
					Object loaded = result.get(30, TimeUnit.SECONDS);
					assertThat(((Supplier<?>) loaded).get()).isEqualTo("v" + (1_000 + round));
					classes.add(loaded.getClass());
				}
				ClassSpace.Counts counts = space.counts();
				if (round == rounds - 1) {
					System.out.printf("MetaspaceBoundTest [java %s]: %d rounds of %d threads loading one bundle: %s%n",
							Runtime.version(), rounds, threads, counts);
				}
				assertThat(classes).as("round %d", round).hasSize(1);
				assertThat(counts.loaders()).as("round %d", round).isEqualTo(1);
				assertThat(counts.loadersCreated()).as("round %d", round).isEqualTo(1);
				assertThat(counts.classes()).as("round %d", round).isEqualTo(1);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static double mb(long bytes) {
		return bytes / (1024.0 * 1024.0);
	}

}
