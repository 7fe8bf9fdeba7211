package dev.podcluster.naming;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.InvalidClusterConfigurationException;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Address;

/**
 * The address a node is told to bind and advertise, {@code cluster.hazelcast.address} or
 * {@code POD_IP}, read strictly: one unicast IP literal, never a host name to look up,
 * never a shorthand such as {@code 10} or {@code 1.2.3} that the JVM would expand.
 *
 * @since 0.1.0
 */
public final class NodeAddress {

	static final String PROPERTY_FIX = "Set " + ClusterPropertyRules.HAZELCAST_ADDRESS
			+ " to this node's own IP address, written in full (e.g. 10.244.0.5 or fd00:10:244::5), or remove it"
			+ " to use POD_IP.";

	static final String POD_IP_FIX = "Inject the pod IP with the downward API: env: [{name: POD_IP, valueFrom:"
			+ " {fieldRef: {fieldPath: status.podIP}}}]";

	private static final byte[] BROADCAST = { (byte) 255, (byte) 255, (byte) 255, (byte) 255 };

	private NodeAddress() {
	}

	/**
	 * Returns the address set by configuration: {@code cluster.hazelcast.address}, else
	 * {@code POD_IP}.
	 * @param explicitAddress {@code cluster.hazelcast.address}, or {@code null}
	 * @param pod what the pod tells
	 * @return the address, or {@code null} when neither is set
	 * @throws InvalidClusterConfigurationException when the one set is not a unicast IP
	 * address
	 */
	public static @Nullable InetAddress configured(@Nullable String explicitAddress, PodEnvironment pod) {
		if (explicitAddress != null && !explicitAddress.isBlank()) {
			return parse(ClusterPropertyRules.HAZELCAST_ADDRESS, explicitAddress, PROPERTY_FIX);
		}
		return podIp(pod);
	}

	static @Nullable InetAddress podIp(PodEnvironment pod) {
		String podIp = pod.podIp();
		return (podIp == null || podIp.isBlank()) ? null : parse(ClusterPropertyRules.POD_IP, podIp, POD_IP_FIX);
	}

	/**
	 * Parses an address a node binds and advertises.
	 * @param property the property or variable it came from, for the message
	 * @param value the value as configured; surrounding blanks are ignored
	 * @param fix what to do when it is not usable
	 * @return the address
	 * @throws InvalidClusterConfigurationException when the value is not a unicast IP
	 * address written in full
	 */
	static InetAddress parse(String property, String value, String fix) {
		InetAddress address;
		try {
			// dnsjava parses literals only, strictly: four decimal octets of 0-255 or an
			// RFC 4291 IPv6 text; it never asks DNS.
			address = Address.getByAddress(value.trim());
		}
		catch (UnknownHostException ex) {
			throw new InvalidClusterConfigurationException(property, "'" + value
					+ "' is not an IP address written in full (four numbers from 0 to 255 for IPv4, or IPv6 text;"
					+ " no host name, no shorthand such as 10 or 1.2.3)", fix);
		}
		String unusable = unusable(address);
		if (unusable != null) {
			throw new InvalidClusterConfigurationException(property, "'" + value + "' is " + unusable
					+ ": a member binds and advertises one address its peers can connect to", fix);
		}
		return address;
	}

	private static @Nullable String unusable(InetAddress address) {
		if (address.isAnyLocalAddress()) {
			return "the wildcard address";
		}
		if (address.isMulticastAddress()) {
			return "a multicast address";
		}
		if (address instanceof Inet4Address && Arrays.equals(address.getAddress(), BROADCAST)) {
			return "the broadcast address";
		}
		return null;
	}

}
