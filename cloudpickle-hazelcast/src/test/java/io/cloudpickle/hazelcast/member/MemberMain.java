package io.cloudpickle.hazelcast.member;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cloudpickle.PickleLimits;
import io.cloudpickle.Pickler;
import io.cloudpickle.hazelcast.CloudPickleHazelcast;
import io.cloudpickle.hazelcast.testing.LoopbackConfigs;
import io.cloudpickle.security.ClassGates;
import io.cloudpickle.security.PayloadSigner;
import io.cloudpickle.security.PayloadVerifier;

/**
 * A cluster member in its own JVM, whose class path holds Hazelcast, cloudpickle-core,
 * ASM, cloudpickle-hazelcast, this class and {@link LoopbackConfigs} only. Arguments:
 * cluster name, own port, comma-separated ports of all members, HMAC key (hex), package
 * allowed by value. Prints {@code MEMBER READY} once joined; terminates when its stdin
 * closes.
 */
public final class MemberMain {

	private MemberMain() {
	}

	public static void main(String[] args) throws Exception {
		String cluster = args[0];
		int port = Integer.parseInt(args[1]);
		byte[] key = HexFormat.of().parseHex(args[3]);
		Pickler receiving = Pickler.builder()
			.signWith(PayloadSigner.hmacSha256("cluster", key))
			.verifyWith(PayloadVerifier.hmacSha256("cluster", key))
			.classFilter(ClassGates.networkDefaults(args[4]))
			.limits(PickleLimits.network())
			.build();
		List<Integer> ports = new ArrayList<>();
		for (String member : args[2].split(",")) {
			ports.add(Integer.parseInt(member));
		}
		Config config = LoopbackConfigs.member(cluster, port, ports);
		CloudPickleHazelcast.configureMember(config, receiving);
		HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
		System.out.println("MEMBER READY " + instance.getCluster().getLocalMember().getUuid());
		System.out.flush();
		BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		while (stdin.readLine() != null) {
			// until the test closes our stdin
		}
		instance.getLifecycleService().terminate();
		System.exit(0);
	}

}
