package io.cloudpickle.robustness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import com.example.fixtures.Describe;
import com.example.fixtures.graph.Samples;
import io.cloudpickle.Pickler;
import io.cloudpickle.ClassSpace;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.Opcodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A pickler is thread-safe: many threads loading the same never-seen by-value class at
 * the same instant get one {@code Class}, defined once in one loader (no
 * duplicate-definition LinkageError), and concurrent dumps/loads of different graphs do
 * not mix.
 */
class ConcurrencyTest {

	private static final int THREADS = 8;

	/**
	 * The receiver never saw the class: it loads copies ({@code returnOwnClasses(false)})
	 * into a class space of its own, fresh each round, so every round defines the class
	 * while eight threads race to load it.
	 */
	@Test
	void concurrentFirstLoadsOfOneByValueClassDefineItOnce() {
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			Pickler sender = Pickler.builder().useGlobalRegistry(false).byValuePackages("com.example.fixtures").build();
			for (int round = 0; round < 10; round++) {
				String name = "com.example.fixtures.gen.Race" + round + "_" + System.nanoTime();
				Object original = GeneratedClass.instance(name, Opcodes.V17, Opcodes.V17, "r" + round);
				byte[] payload = sender.dumps(original);
				ClassSpace space = new ClassSpace(64, 1_000, 256);
				Pickler receiver = Pickler.builder()
					.useGlobalRegistry(false)
					.returnOwnClasses(false)
					.classSpace(space)
					.build();
				CyclicBarrier start = new CyclicBarrier(THREADS);
				ExecutorService pool = Executors.newFixedThreadPool(THREADS);
				try {
					List<Future<Object>> results = new ArrayList<>();
					for (int t = 0; t < THREADS; t++) {
						results.add(pool.submit(() -> {
							start.await();
							return receiver.loads(payload);
						}));
					}
					Set<Class<?>> classes = Collections.newSetFromMap(new IdentityHashMap<>());
					for (Future<Object> f : results) {
						Object o = f.get();
						assertThat(((Supplier<?>) o).get()).isEqualTo("r" + round);
						classes.add(o.getClass());
					}
					assertThat(classes).as("one Class for one class file").hasSize(1);
					Class<?> loaded = classes.iterator().next();
					assertThat(loaded.getName()).isEqualTo(name);
					assertThat(loaded).as("a class defined by the receiver, not the sender's")
						.isNotSameAs(original.getClass());
					assertThat(loaded.getClassLoader()).isNotSameAs(original.getClass().getClassLoader());
					ClassSpace.Counts counts = space.counts();
					assertThat(counts.loadersCreated()).as("loaders created while %d threads raced", THREADS)
						.isEqualTo(1);
					assertThat(counts.loaders()).isEqualTo(1);
					assertThat(counts.classes()).as("classes held").isEqualTo(1);
				}
				finally {
					pool.shutdownNow();
				}
			}
		});
	}

	@Test
	void concurrentDumpsAndLoadsOfDifferentGraphsDoNotInterfere() {
		assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
			Pickler pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
			List<String> names = new ArrayList<>(Samples.catalogue().keySet());
			ExecutorService pool = Executors.newFixedThreadPool(THREADS);
			try {
				List<Future<List<String>>> results = new ArrayList<>();
				for (int t = 0; t < THREADS; t++) {
					int offset = t;
					results.add(pool.submit((Callable<List<String>>) () -> {
						List<String> mismatches = new ArrayList<>();
						for (int i = 0; i < names.size() * 3; i++) {
							String name = names.get((i + offset * 7) % names.size());
							Supplier<Object> sample = Samples.catalogue().get(name);
							String expected = Describe.of(sample.get());
							String actual = Describe.of(pickler.loads(pickler.dumps(sample.get())));
							if (!expected.equals(actual)) {
								mismatches.add(name);
							}
						}
						return mismatches;
					}));
				}
				List<String> all = new ArrayList<>();
				for (Future<List<String>> f : results) {
					all.addAll(f.get());
				}
				assertThat(all).isEmpty();
			}
			finally {
				pool.shutdownNow();
			}
		});
	}

}
