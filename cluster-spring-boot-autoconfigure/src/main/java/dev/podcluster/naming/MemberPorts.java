package dev.podcluster.naming;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Finds the member port for one of several members on the same address.
 */
final class MemberPorts {

	/** Hazelcast's own default port count for auto-increment. */
	static final int COUNT = 100;

	private MemberPorts() {
	}

	/**
	 * Returns the first port from {@code base} on that nobody listens on at the address,
	 * or {@code base} when all of them are taken (Hazelcast then reports the bind failure
	 * in its own words).
	 */
	static int firstFree(InetAddress address, int base) {
		for (int port = base; port < base + COUNT && port <= 65535; port++) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(true);
				socket.bind(new InetSocketAddress(address, port));
				return port;
			}
			catch (IOException ex) {
				// taken: try the next one
			}
		}
		return base;
	}

}
