package dev.podcluster.naming;

import java.net.InetAddress;

/**
 * Who this node is: its stable name, how the name was chosen, and the address it binds
 * and advertises.
 *
 * @param name stable node name, e.g. {@code app-0.app.default.svc.cluster.local}
 * @param mode how the name was chosen (never {@link NamingMode#AUTO})
 * @param address the node's own address, which Hazelcast binds to and advertises
 * @param port the Hazelcast member port
 * @since 0.1.0
 */
public record NodeIdentity(String name, NamingMode mode, InetAddress address, int port) {

}
