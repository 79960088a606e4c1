package io.cloudpickle.crossjvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.acme.analytics.registry.ByRefRecordTask;
import com.acme.analytics.registry.RegistryTask;
import com.acme.analytics.registry.sub.SubTask;
import io.cloudpickle.CloudPickle;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.RemoteFailure;
import io.cloudpickle.testing.RemoteJvm;
import io.cloudpickle.testing.PerClassRemoteJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The process-global by-value registry seen from a receiver. Only packages under
 * {@code com.acme.analytics.registry} (and the non-package prefix
 * {@code com.acme.analytics.regis}) are touched, and every test leaves the registry as it
 * found it.
 */
class ByValueRegistryCrossJvmTest {

	private static final String PARENT = "com.acme.analytics.registry";

	private static final String SUB = "com.acme.analytics.registry.sub";

	@RegisterExtension
	static final PerClassRemoteJvm child = new PerClassRemoteJvm();

	@AfterEach
	void cleanRegistry() {
		for (String p : CloudPickle.listRegistryPickleByValue()) {
			if (p.startsWith("com.acme.analytics.regis")) {
				CloudPickle.unregisterPickleByValue(p);
			}
		}
	}

	private static void assertMissingOnReceiver(Object task, String missingClass) {
		byte[] payload = CloudPickle.dumps(task);
		assertThatThrownBy(() -> child.call(payload)).isInstanceOfSatisfying(RemoteFailure.class, (f) -> {
			assertThat(f.remoteIsA("io.cloudpickle.PickleException")).as(f.getMessage()).isTrue();
			assertThat(f.remoteMessage()).contains(missingClass);
			assertThat(f.remoteMessage()).containsAnyOf("registerPickleByValue", "by-value-packages");
		});
	}

	@Test
	void failsBeforeRegistrationWorksAfterAndFailsAgainAfterUnregistering() {
		assertThat(CloudPickle.listRegistryPickleByValue()).doesNotContain(PARENT);
		assertMissingOnReceiver(RegistryTask.task(), "com.acme.analytics.registry.RegistryTask");

		CloudPickle.registerPickleByValue(PARENT);
		assertThat(CloudPickle.listRegistryPickleByValue()).contains(PARENT);
		assertThat(child.call(CloudPickle.dumps(RegistryTask.task()))).isEqualTo("parent+sub");

		CloudPickle.unregisterPickleByValue(PARENT);
		assertThat(CloudPickle.listRegistryPickleByValue()).doesNotContain(PARENT);
		assertMissingOnReceiver(RegistryTask.task(), "com.acme.analytics.registry.RegistryTask");
	}

	@Test
	void aSubpackageDoesNotCoverItsParentOrSiblings() {
		CloudPickle.registerPickleByValue(SUB);
		assertThat(child.call(CloudPickle.dumps(SubTask.taskWithoutSibling()))).isEqualTo("only-sub");
		// the sibling is referenced only from bytecode, not named by the object graph:
		// whatever the receiver throws
		// (an up-front PickleException or a NoClassDefFoundError when the task runs) must
		// name it
		// (a fresh receiver: a receiver that got SiblingHelper by value earlier may
		// legitimately reuse it)
		byte[] payload = CloudPickle.dumps(SubTask.task());
		try (RemoteJvm fresh = RemoteJvm.start()) {
			assertThatThrownBy(() -> fresh.call(payload)).isInstanceOf(RemoteFailure.class)
				.hasMessageContaining("SiblingHelper");
		}
		assertMissingOnReceiver(RegistryTask.task(), "com.acme.analytics.registry.RegistryTask");
	}

	@Test
	void aParentPackageCoversItsSubpackages() {
		CloudPickle.registerPickleByValue(PARENT);
		assertThat(child.call(CloudPickle.dumps(SubTask.task()))).isEqualTo("sub+sibling");
		assertThat(child.call(CloudPickle.dumps(RegistryTask.task()))).isEqualTo("parent+sub");
	}

	@Test
	void prefixesMatchWholePackageNamesOnly() {
		CloudPickle.registerPickleByValue("com.acme.analytics.regis");
		assertMissingOnReceiver(RegistryTask.task(), "com.acme.analytics.registry.RegistryTask");
	}

	@Test
	void registerByClassAndByPackageOverloads() {
		CloudPickle.registerPickleByValue(SubTask.class);
		assertThat(CloudPickle.listRegistryPickleByValue()).contains(SUB);
		CloudPickle.unregisterPickleByValue(SUB);
		CloudPickle.registerPickleByValue(RegistryTask.class.getPackage());
		assertThat(CloudPickle.listRegistryPickleByValue()).contains(PARENT);
		assertThat(child.call(CloudPickle.dumps(SubTask.task()))).isEqualTo("sub+sibling");
	}

	@Test
	void invalidNamesFailFastAndUnknownUnregistrationFails() {
		for (String bad : new String[] { "", " ", "com..acme", "1com.acme", "com.acme-x", "com.acme.", ".com" }) {
			assertThatThrownBy(() -> CloudPickle.registerPickleByValue(bad)).as("'%s'", bad)
				.isInstanceOf(IllegalArgumentException.class);
			assertThatThrownBy(() -> Pickler.builder().byValuePackages(bad)).as("builder '%s'", bad)
				.isInstanceOf(IllegalArgumentException.class);
		}
		assertThatThrownBy(() -> CloudPickle.registerPickleByValue("java.util"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> CloudPickle.unregisterPickleByValue("com.acme.analytics.registry.never"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("com.acme.analytics.registry.never");
	}

	@Test
	void theListingIsAnImmutableSnapshot() {
		Set<String> before = CloudPickle.listRegistryPickleByValue();
		CloudPickle.registerPickleByValue(PARENT);
		assertThat(before).doesNotContain(PARENT);
		assertThat(CloudPickle.listRegistryPickleByValue()).contains(PARENT);
		assertThatThrownBy(() -> before.add("com.acme.analytics.registry.hack"))
			.isInstanceOf(UnsupportedOperationException.class);
		Set<String> after = CloudPickle.listRegistryPickleByValue();
		assertThatThrownBy(() -> after.remove(PARENT)).isInstanceOf(UnsupportedOperationException.class);
		assertThat(CloudPickle.listRegistryPickleByValue()).contains(PARENT);
	}

	@Test
	void concurrentRegistrationsAreAllKept() throws Exception {
		int threads = 8;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				int id = t;
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 50; i++) {
						String name = "com.acme.analytics.registry.t" + id + ".p" + i;
						CloudPickle.registerPickleByValue(name);
						if (i % 2 == 1) {
							CloudPickle.unregisterPickleByValue(name);
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> f : futures) {
				f.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		long kept = CloudPickle.listRegistryPickleByValue()
			.stream()
			.filter((p) -> p.startsWith("com.acme.analytics.registry.t"))
			.count();
		assertThat(kept).isEqualTo(threads * 25L);
	}

	@Test
	void aLibraryRecordOnBothClasspathsStaysByReference() {
		CloudPickle.registerPickleByValue(PARENT);
		PickleLimits limits = PickleLimits.defaults().withMaxDepth(123);
		byte[] withRecord = CloudPickle.dumps(ByRefRecordTask.task(limits));
		byte[] withoutRecord = CloudPickle.dumps(ByRefRecordTask.taskWithoutRecord(null));
		assertThat(Payloads.classFiles(withRecord)).isEqualTo(Payloads.classFiles(withoutRecord)).isEqualTo(1);
		assertThat(child.call(withRecord))
			.isEqualTo("123|sameClass=true|systemLoader=true|taskShipped=true|equalsDefaults=true");
	}

}
