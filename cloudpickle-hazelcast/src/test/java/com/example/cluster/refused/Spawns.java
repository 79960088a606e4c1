package com.example.cluster.refused;

import io.cloudpickle.hazelcast.MemberTask;

/** A closure whose class starts processes: the members' bytecode gates refuse it. */
public final class Spawns {

	private Spawns() {
	}

	public static MemberTask<Integer> exitCode() {
		return (context) -> new ProcessBuilder("true").start().waitFor();
	}

}
