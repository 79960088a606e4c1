package com.example.compute.e2e.tasks;

import java.util.ArrayList;
import java.util.List;

import com.example.compute.api.SerCallable;

/**
 * Tasks a hostile key holder sends in {@code ComputeServerLoadAndFaultTest}: signed,
 * shipped by value from an allowed package, and passing the server's bytecode check
 * (STANDARD stops literal calls, not reflection), so only the server's deadline and its
 * worker processes stand between them and the server.
 */
public final class HostileTasks {

	private HostileTasks() {
	}

	/** A record whose canonical constructor sleeps: it runs while the payload loads. */
	public record Sleepy(long millis) implements java.io.Serializable {

		public Sleepy {
			sleep(millis);
		}

	}

	/** A task whose captured record sleeps {@code millis} when rebuilt. */
	public static SerCallable<String> sleepWhileLoading(long millis) {
		Sleepy sleepy = SleepyFactory.unslept(millis);
		return () -> "loaded " + sleepy.millis();
	}

	/** Makes a {@link Sleepy} without sleeping here, so the sender does not wait. */
	static final class SleepyFactory {

		private SleepyFactory() {
		}

		static Sleepy unslept(long millis) {
			SKIP_SLEEP.set(Boolean.TRUE);
			try {
				return new Sleepy(millis);
			}
			finally {
				SKIP_SLEEP.remove();
			}
		}

	}

	static final ThreadLocal<Boolean> SKIP_SLEEP = new ThreadLocal<>();

	static void sleep(long millis) {
		if (SKIP_SLEEP.get() != null) {
			return;
		}
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			// this code does not give up
		}
	}

	/**
	 * A class whose static initializer sleeps 60 s through interrupts; the task touches
	 * it (and a second task touching it meanwhile waits for the initialization).
	 */
	public static final class SlowInit {

		static final long STARTED = System.nanoTime();

		static {
			long end = STARTED + 60_000_000_000L;
			for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
				sleep(left / 1_000_000 + 1);
			}
		}

		private SlowInit() {
		}

	}

	/** Touches {@link SlowInit}, whose initializer sleeps when the task runs. */
	public static SerCallable<Long> sleepInStaticInitializer() {
		return () -> SlowInit.STARTED;
	}

	/** Spins for {@code millis}, clearing every interrupt. */
	public static SerCallable<Long> spinIgnoringInterrupts(long millis) {
		return () -> {
			long end = System.nanoTime() + millis * 1_000_000L;
			long spins = 0;
			while (System.nanoTime() < end) {
				Thread.interrupted();
				spins++;
			}
			return spins;
		};
	}

	/** {@code System.exit(3)} through reflection, which STANDARD does not see. */
	public static SerCallable<String> exitThroughReflection() {
		return () -> {
			Class.forName("java.lang." + "System").getMethod("exit", int.class).invoke(null, 3);
			return "still here";
		};
	}

	/** Allocates until the heap is full. */
	public static SerCallable<Integer> allocateUntilOutOfMemory() {
		return () -> {
			List<long[]> hog = new ArrayList<>();
			while (true) {
				hog.add(new long[1 << 22]);
			}
		};
	}

	/** Pins its own class loader in a system-wide map, so it can never be unloaded. */
	public static SerCallable<String> pinLoader() {
		return () -> {
			Object pin = new Object[] { HostileTasks.class, new byte[1 << 20] };
			System.getProperties().put("pin-" + System.nanoTime(), pin);
			return "pinned " + HostileTasks.class.getClassLoader();
		};
	}

	/** Starts a thread that outlives the task. */
	public static SerCallable<String> startThreads() {
		return () -> {
			Thread stray = new Thread(() -> sleep(600_000), "stray");
			stray.start();
			return "started " + stray.getName();
		};
	}

}
