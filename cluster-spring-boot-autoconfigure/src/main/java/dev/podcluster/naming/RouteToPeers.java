package dev.podcluster.naming;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Finds this machine's address on the interface that reaches the peers, the way the
 * kernel's routing table picks a source address.
 */
final class RouteToPeers {

	/** Any port will do: connecting a UDP socket sends nothing. */
	private static final int ANY_PORT = 9;

	private RouteToPeers() {
	}

	/**
	 * Returns the local address the kernel would send from to the first peer it has a
	 * route to, or {@code null} when it has a route to none of them.
	 */
	static @Nullable InetAddress localAddressTowards(List<InetAddress> peers) {
		for (InetAddress peer : peers) {
			if (peer.isLoopbackAddress() || peer.isAnyLocalAddress()) {
				continue;
			}
			// Connecting a datagram socket only asks the routing table for a route and a
			// source address: no packet leaves.
			try (DatagramSocket socket = new DatagramSocket()) {
				socket.connect(new InetSocketAddress(peer, ANY_PORT));
				InetAddress local = socket.getLocalAddress();
				if (local != null && !local.isAnyLocalAddress() && !local.isLoopbackAddress()) {
					return local;
				}
			}
			catch (IOException | RuntimeException ex) {
				// no route to this peer: try the next
			}
		}
		return null;
	}

}
