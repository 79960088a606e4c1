package io.cloudpickle.crossjvm;

import java.util.Base64;

import com.acme.analytics.determinism.DeterministicClosures;
import io.cloudpickle.CloudPickle;

/**
 * Run in a fresh JVM by {@link DeterminismCrossJvmTest}: prints the Base64 of the pickled
 * fixture closure.
 */
public final class DeterminismMain {

	private DeterminismMain() {
	}

	public static void main(String[] args) {
		CloudPickle.registerPickleByValue("com.acme.analytics.determinism");
		byte[] payload = CloudPickle.dumps(DeterministicClosures.closure());
		System.out.println("PAYLOAD " + Base64.getEncoder().encodeToString(payload));
	}

}
