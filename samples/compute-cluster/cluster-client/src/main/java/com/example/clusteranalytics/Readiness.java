package com.example.clusteranalytics;

import io.cloudpickle.hazelcast.MemberTask;

/** Whether the cluster is ready for the analyses; a class of its own, shipped apart. */
final class Readiness {

	private Readiness() {
	}

	/** Whether no partition is migrating, so no row is counted on two members. */
	static MemberTask<Boolean> clusterSafe() {
		return (context) -> context.hazelcast().getPartitionService().isClusterSafe();
	}

}
