package com.acme.analytics.registry;

import java.io.Serializable;
import java.util.concurrent.Callable;

import com.acme.analytics.registry.sub.SubHelper;

/** Lives in the parent package; uses a helper of the sub-package. */
public final class RegistryTask {

	private RegistryTask() {
	}

	public static Callable<String> task() {
		return (Callable<String> & Serializable) () -> "parent+" + SubHelper.name();
	}

}
