package io.cloudpickle.robustness;

import java.util.List;
import java.util.Random;

import com.example.fixtures.robust.RobustTasks;
import io.cloudpickle.Pickler;
import io.cloudpickle.testing.RemoteJvm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100 tasks each capturing 1 MB leave the worker's heap (after GC) less than 50 MB
 * bigger: captured data of finished tasks is collectable.
 */
class WorkerMemoryTest {

	private static RemoteJvm child;

	private static Pickler pickler;

	@BeforeAll
	static void start() {
		pickler = Pickler.builder().byValuePackages("com.example.fixtures").build();
		child = RemoteJvm.start(List.of("-Xmx256m"));
	}

	@AfterAll
	static void stop() {
		if (child != null) {
			child.close();
		}
	}

	@Test
	void hundredTasksCapturingOneMegabyteEachDoNotAccumulate() {
		byte[] warm = new byte[1 << 20];
		assertThat(child.call(pickler.dumps(RobustTasks.checksum(warm)))).isEqualTo(0L);
		long before = (Long) child.call(pickler.dumps(RobustTasks.usedHeapAfterGc()));
		Random rnd = new Random(50);
		for (int i = 0; i < 100; i++) {
			byte[] data = new byte[1 << 20];
			rnd.nextBytes(data);
			long expected = 0;
			for (byte b : data) {
				expected += b;
			}
			assertThat(child.call(pickler.dumps(RobustTasks.checksum(data)))).isEqualTo(expected);
		}
		long after = (Long) child.call(pickler.dumps(RobustTasks.usedHeapAfterGc()));
		assertThat(after - before).as("heap growth in bytes (before %d, after %d)", before, after)
			.isLessThan(50L << 20);
	}

}
