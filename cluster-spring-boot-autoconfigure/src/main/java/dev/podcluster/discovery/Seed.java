package dev.podcluster.discovery;

import java.net.InetSocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * A place where a cluster member may listen.
 *
 * @param name the name it was found under: an SRV target or a static member's host
 * @param address the resolved address and port
 * @param terminating whether the seed's pod is terminating: still a member until it
 * leaves, but never offered to a member's first join (only the Kubernetes API tells)
 * @param zone the zone the seed's pod runs in, or {@code null} when the answer does not
 * tell (only the Kubernetes API's EndpointSlices do)
 * @param node the Kubernetes node the seed's pod runs on, or {@code null} when the answer
 * does not tell
 * @since 0.1.0
 */
public record Seed(String name, InetSocketAddress address, boolean terminating, @Nullable String zone,
		@Nullable String node) {

	/**
	 * Creates a seed whose zone and node are unknown.
	 * @param name the name it was found under
	 * @param address the resolved address and port
	 * @param terminating whether the seed's pod is terminating
	 */
	public Seed(String name, InetSocketAddress address, boolean terminating) {
		this(name, address, terminating, null, null);
	}

	/**
	 * Creates a seed that is not known to be terminating.
	 * @param name the name it was found under
	 * @param address the resolved address and port
	 */
	public Seed(String name, InetSocketAddress address) {
		this(name, address, false);
	}

	@Override
	public String toString() {
		return format(this.address);
	}

	/**
	 * Formats an address as {@code ip:port}, an IPv6 address in brackets, the way seeds
	 * and members are shown.
	 * @param address the address
	 * @return e.g. {@code 10.244.0.5:5701} or {@code [fd00:10:244:0:0:0:0:5]:5701}
	 */
	public static String format(InetSocketAddress address) {
		String ip = address.getAddress().getHostAddress();
		return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + address.getPort();
	}

}
