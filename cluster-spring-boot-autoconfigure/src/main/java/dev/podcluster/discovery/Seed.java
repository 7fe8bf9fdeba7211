package dev.podcluster.discovery;

import java.net.InetSocketAddress;

/**
 * A place where a cluster member may listen.
 *
 * @param name the name it was found under: an SRV target or a static member's host
 * @param address the resolved address and port
 * @since 0.1.0
 */
public record Seed(String name, InetSocketAddress address) {

	@Override
	public String toString() {
		return this.address.getAddress().getHostAddress() + ":" + this.address.getPort();
	}

}
