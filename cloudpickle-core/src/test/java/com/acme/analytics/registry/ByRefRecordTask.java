package com.acme.analytics.registry;

import java.io.Serializable;
import java.util.concurrent.Callable;

import io.cloudpickle.PickleLimits;

/**
 * Captures a record that is on both classpaths (cloudpickle-core's PickleLimits).
 */
public final class ByRefRecordTask {

	private ByRefRecordTask() {
	}

	public static Callable<String> task(PickleLimits limits) {
		return (Callable<String> & Serializable) () -> limits.maxDepth() + "|sameClass="
				+ (limits.getClass() == PickleLimits.class) + "|systemLoader="
				+ (limits.getClass().getClassLoader() == ClassLoader.getSystemClassLoader()) + "|taskShipped="
				+ (ByRefRecordTask.class.getClassLoader() != ClassLoader.getSystemClassLoader()) + "|equalsDefaults="
				+ limits.withMaxDepth(PickleLimits.defaults().maxDepth()).equals(PickleLimits.defaults());
	}

	public static Callable<String> taskWithoutRecord(Object nothing) {
		return (Callable<String> & Serializable) () -> String.valueOf(nothing);
	}

}
