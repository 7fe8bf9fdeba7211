package dev.podcluster.naming;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.InvalidClusterConfigurationException;
import org.jspecify.annotations.Nullable;

/**
 * Chooses this node's {@link NodeIdentity} from the naming mode and what the pod
 * environment says.
 *
 * @since 0.1.0
 */
final class NodeIdentityResolver {

	private static final Pattern STATEFULSET_POD = Pattern.compile(".+-\\d+");

	private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

	private final PodEnvironment environment;

	NodeIdentityResolver(PodEnvironment environment) {
		this.environment = environment;
	}

	/**
	 * Resolves the identity.
	 * @param mode the configured naming mode
	 * @param explicitName a name that wins over the mode, if set
	 * @param service the headless Service, when known
	 * @param explicitAddress the address to bind, if set
	 * @param loopbackCluster whether every peer is on this machine's loopback, so
	 * loopback is the right address
	 * @param port the configured Hazelcast member port
	 * @return the identity
	 * @throws InvalidClusterConfigurationException when the mode's inputs are missing or
	 * contradict each other
	 */
	NodeIdentity resolve(NamingMode mode, @Nullable String explicitName, @Nullable ServiceLocation service,
			@Nullable String explicitAddress, boolean loopbackCluster, int port) {
		return resolve(mode, explicitName, service, explicitAddress, loopbackCluster, List::of, port);
	}

	/**
	 * Resolves the identity.
	 * @param mode the configured naming mode
	 * @param explicitName a name that wins over the mode, if set
	 * @param service the headless Service, when known
	 * @param explicitAddress the address to bind, if set
	 * @param loopbackCluster whether every peer is on this machine's loopback, so
	 * loopback is the right address
	 * @param peers the peers' addresses, asked only when the host name resolves to a
	 * loopback address while the peers are elsewhere, to find the interface that reaches
	 * them
	 * @param port the configured Hazelcast member port
	 * @return the identity
	 * @throws InvalidClusterConfigurationException when the mode's inputs are missing or
	 * contradict each other
	 */
	NodeIdentity resolve(NamingMode mode, @Nullable String explicitName, @Nullable ServiceLocation service,
			@Nullable String explicitAddress, boolean loopbackCluster, Supplier<List<InetAddress>> peers, int port) {
		InetAddress podIp = NodeAddress.podIp(this.environment);
		// An empty name, e.g. from an empty environment variable, means no name.
		boolean named = explicitName != null && !explicitName.isBlank();
		NamingMode resolvedMode = named ? NamingMode.EXPLICIT : resolveMode(mode, service, podIp);
		if (resolvedMode == NamingMode.POD_IP) {
			requirePodIp(podIp);
		}
		InetAddress configured = NodeAddress.configured(explicitAddress, this.environment);
		InetAddress address = (configured != null) ? configured : unconfiguredAddress(loopbackCluster, peers);
		// Members sharing one machine's loopback differ only by port: take the first free
		// one, so it is known before Hazelcast starts and can be part of the name.
		int memberPort = address.isLoopbackAddress() ? MemberPorts.firstFree(address, port) : port;
		String name = switch (resolvedMode) {
			case EXPLICIT -> requireName(explicitName);
			case STATEFULSET -> statefulSetName(requireService(service, NamingMode.STATEFULSET), true);
			case POD_IP -> podIpName(requireService(service, NamingMode.POD_IP));
			case HOST -> address.isLoopbackAddress() ? hostName() + ":" + memberPort : hostName();
			case AUTO -> throw new IllegalStateException("auto is resolved above");
		};
		return new NodeIdentity(name, resolvedMode, address, memberPort);
	}

	private NamingMode resolveMode(NamingMode mode, @Nullable ServiceLocation service, @Nullable InetAddress podIp) {
		if (mode == NamingMode.EXPLICIT) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.NAMING_NAME,
					ClusterPropertyRules.NAMING_MODE + " is explicit but no name is set",
					"Set " + ClusterPropertyRules.NAMING_NAME + " to this node's name.");
		}
		if (mode != NamingMode.AUTO) {
			return mode;
		}
		if (service != null && statefulSetName(service, false) != null) {
			return NamingMode.STATEFULSET;
		}
		if (service != null && podIp != null) {
			return NamingMode.POD_IP;
		}
		return NamingMode.HOST;
	}

	/**
	 * The StatefulSet pod FQDN, cross-checked with the canonical name {@code /etc/hosts}
	 * gives. When {@code strict} is false a mismatch means "not a StatefulSet pod" and
	 * gives {@code null}.
	 */
	private @Nullable String statefulSetName(ServiceLocation service, boolean strict) {
		String hostname = this.environment.hostname();
		if (hostname == null || !STATEFULSET_POD.matcher(hostname).matches()) {
			if (strict) {
				throw new InvalidClusterConfigurationException(ClusterPropertyRules.NAMING_MODE,
						"statefulset naming needs a StatefulSet pod, whose host name is '<statefulset>-<ordinal>', but the host name is '"
								+ hostname + "'",
						"Run as a StatefulSet pod, or set " + ClusterPropertyRules.NAMING_MODE
								+ " to pod-ip (Deployment) or host.");
			}
			return null;
		}
		String expected = service.endpointName(hostname).toLowerCase(Locale.ROOT);
		String canonical = this.environment.canonicalHostName();
		if (canonical != null && canonical.contains(".") && !canonical.equalsIgnoreCase(expected)) {
			if (strict) {
				throw new InvalidClusterConfigurationException(ClusterPropertyRules.KUBERNETES_SERVICE_NAME,
						"this pod's fully qualified name (hostname -f) is '" + canonical
								+ "' but the configuration makes it '" + expected + "'",
						"Set " + ClusterPropertyRules.KUBERNETES_SERVICE_NAME
								+ " to the StatefulSet's serviceName (and " + ClusterPropertyRules.KUBERNETES_NAMESPACE
								+ " / cluster-domain if they differ).");
			}
			return null;
		}
		if (!strict && (canonical == null || !canonical.contains("."))) {
			// Only a pod with hostname + subdomain gets an FQDN in /etc/hosts: without it
			// this is not our StatefulSet.
			return null;
		}
		return expected;
	}

	/**
	 * CoreDNS names an endpoint after the IP as Kubernetes writes it (IPv6 in RFC 5952
	 * form), dots and colons dashed.
	 */
	private String podIpName(ServiceLocation service) {
		String literal = String.valueOf(this.environment.podIp()).trim();
		return service.endpointName(literal.replace('.', '-').replace(':', '-')).toLowerCase(Locale.ROOT);
	}

	private String hostName() {
		String canonical = this.environment.canonicalHostName();
		if (canonical != null && canonical.contains(".") && !isIpLiteral(canonical)) {
			return canonical.toLowerCase(Locale.ROOT);
		}
		String hostname = this.environment.hostname();
		if (hostname == null || hostname.isBlank()) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.NAMING_MODE,
					"host naming needs a host name, but this machine's host name cannot be read",
					"Set " + ClusterPropertyRules.NAMING_NAME + " to this node's name.");
		}
		return hostname.toLowerCase(Locale.ROOT);
	}

	/**
	 * The address of a node that neither {@code cluster.hazelcast.address} nor
	 * {@code POD_IP} sets.
	 */
	private InetAddress unconfiguredAddress(boolean loopbackCluster, Supplier<List<InetAddress>> peers) {
		if (loopbackCluster) {
			return InetAddress.getLoopbackAddress();
		}
		InetAddress hostAddress = this.environment.hostAddress();
		if (hostAddress == null) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.HAZELCAST_ADDRESS,
					"this node's address cannot be found: POD_IP is not set and the host name does not resolve",
					"Set POD_IP from the downward API, or " + ClusterPropertyRules.HAZELCAST_ADDRESS
							+ " to this node's IP address.");
		}
		if (!hostAddress.isLoopbackAddress()) {
			return hostAddress;
		}
		// Debian and cloud images map the host name to 127.0.1.1 in /etc/hosts: a member
		// bound there is out of its peers' reach.
		List<InetAddress> peerAddresses = peers.get();
		InetAddress routed = RouteToPeers.localAddressTowards(peerAddresses);
		if (routed == null) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.HAZELCAST_ADDRESS,
					"the host name resolves to " + hostAddress.getHostAddress()
							+ ", a loopback address the other members cannot reach, and no interface of this machine"
							+ " routes to "
							+ (peerAddresses.isEmpty() ? "the members (their addresses could not be looked up)"
									: "the members "
											+ peerAddresses.stream().map(InetAddress::getHostAddress).toList()),
					"Set " + ClusterPropertyRules.HAZELCAST_ADDRESS
							+ " to this node's IP address on the network the members share.");
		}
		return routed;
	}

	private static boolean isIpLiteral(String value) {
		return IP_LITERAL.matcher(value).matches();
	}

	private static String requireName(@Nullable String name) {
		return String.valueOf(name).trim();
	}

	private static ServiceLocation requireService(@Nullable ServiceLocation service, NamingMode mode) {
		if (service == null) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.KUBERNETES_SERVICE_NAME,
					mode.configValue() + " naming needs the headless Service's name, and none is set",
					ClusterPropertyRules.SERVICE_NAME_FIX + ".");
		}
		return service;
	}

	private static void requirePodIp(@Nullable InetAddress podIp) {
		if (podIp == null) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.POD_IP,
					"pod-ip naming needs the pod IP, and the POD_IP environment variable is not set",
					NodeAddress.POD_IP_FIX);
		}
	}

}
