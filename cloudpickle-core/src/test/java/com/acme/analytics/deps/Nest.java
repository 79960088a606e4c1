package com.acme.analytics.deps;

import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * A nest: host with a private field, a private member reading it, and a member never
 * referenced by the probe.
 */
public final class Nest {

	private static int secret = 41;

	private Nest() {
	}

	private static final class Member {

		int reveal() {
			// private nestmate access: host and member must share loader and nest
			return secret + 1;
		}

	}

	static final class Sibling {

	}

	/**
	 * The shipped task is a nest member; the host and the other members must travel with
	 * it.
	 */
	public static final class Probe implements Callable<String> {

		@Override
		public String call() {
			return new Member().reveal() + "|host=" + Probe.class.getNestHost().getSimpleName() + "|members="
					+ Arrays.stream(Nest.class.getNestMembers())
						.map(Class::getSimpleName)
						.sorted()
						.collect(Collectors.joining(","))
					+ "|nestmates=" + Nest.class.isNestmateOf(Probe.class);
		}

	}

}
