package com.acme.analytics.harness;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * Tasks used by the harness self-test (shipped by value: package
 * com.acme.analytics.harness).
 */
public final class HarnessTasks {

	private HarnessTasks() {
	}

	/**
	 * Prints on System.out in the child (must not corrupt the protocol) and returns the
	 * child's pid.
	 */
	public static Callable<Long> chattyPid() {
		return (Callable<Long> & Serializable) () -> {
			System.out.println("hello from the child on System.out");
			System.out.flush();
			return ProcessHandle.current().pid();
		};
	}

	/** Throws in the child. */
	public static Callable<Object> failing(String message) {
		return (Callable<Object> & Serializable) () -> {
			throw new IllegalStateException(message);
		};
	}

	/** Sleeps in the child longer than any sane reply timeout. */
	public static Runnable sleeper(long millis) {
		return (Runnable & Serializable) () -> {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	/**
	 * Whether the fixture marker class is visible through the system class loader where
	 * this runs.
	 */
	public static Callable<Boolean> markerVisibleOnSystemLoader() {
		return (Callable<Boolean> & Serializable) () -> {
			try {
				Class.forName(HarnessMarker.NAME, false, ClassLoader.getSystemClassLoader());
				return true;
			}
			catch (ClassNotFoundException ex) {
				return false;
			}
		};
	}

}
