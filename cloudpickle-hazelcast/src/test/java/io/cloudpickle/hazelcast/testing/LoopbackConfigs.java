package io.cloudpickle.hazelcast.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

/**
 * Member configurations for tests: loopback only, TCP-IP join on 127.0.0.1, free ports,
 * multicast, auto-detection and phone-home off, no join wait.
 */
public final class LoopbackConfigs {

	private LoopbackConfigs() {
	}

	/** {@code count} free TCP ports on 127.0.0.1. */
	public static List<Integer> freePorts(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			List<Integer> ports = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
				sockets.add(socket);
				ports.add(socket.getLocalPort());
			}
			return ports;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ignored) {
					// a port we only probed
				}
			}
		}
	}

	/** A member listening on {@code port} that joins the members on {@code ports}. */
	public static Config member(String clusterName, int port, List<Integer> ports) {
		Config config = new Config();
		config.setClusterName(clusterName);
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.wait.seconds.before.join", "0");
		config.setProperty("hazelcast.logging.type", "jdk");
		config.setProperty("hazelcast.shutdownhook.enabled", "false");
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(port).setPortAutoIncrement(false);
		network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(true);
		for (int member : ports) {
			join.getTcpIpConfig().addMember("127.0.0.1:" + member);
		}
		return config;
	}

}
