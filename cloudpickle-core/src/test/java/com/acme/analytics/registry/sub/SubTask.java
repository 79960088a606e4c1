package com.acme.analytics.registry.sub;

import java.io.Serializable;
import java.util.concurrent.Callable;

import com.acme.analytics.registry.sibling.SiblingHelper;

/** Lives in the sub-package; uses a helper of a sibling package. */
public final class SubTask {

	private SubTask() {
	}

	public static Callable<String> task() {
		return (Callable<String> & Serializable) () -> SubHelper.name() + "+" + SiblingHelper.name();
	}

	public static Callable<String> taskWithoutSibling() {
		return (Callable<String> & Serializable) () -> "only-" + SubHelper.name();
	}

}
