package dev.podcluster.discovery;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.naming.PodEnvironment;
import dev.podcluster.naming.ServiceLocation;
import org.jspecify.annotations.Nullable;

/**
 * Discovery as configured, combined with what the pod tells about its place in
 * Kubernetes: the mode with {@code auto} resolved, the headless Service, and the parsing
 * of the SRV query, the static members and the DNS server. Errors name the property and
 * the fix.
 *
 * @param discoveryMode the discovery mode, {@code auto} resolved
 * @param service the headless Service, or {@code null} when no service name is configured
 * @param pod what the pod tells
 * @since 0.1.0
 */
public record ClusterEnvironment(DiscoveryMode discoveryMode, @Nullable ServiceLocation service, PodEnvironment pod) {

	/** The default of {@code cluster.discovery.static.members}. */
	private static final List<String> DEFAULT_STATIC_MEMBERS = List.of("127.0.0.1:5701-5703");

	/**
	 * Resolves the discovery mode: {@code auto} is DNS SRV on Kubernetes, else static.
	 * @param mode {@code cluster.discovery.mode}
	 * @param staticMembers {@code cluster.discovery.static.members}
	 * @param service the headless Service, or {@code null} when none is configured
	 * @param pod what the pod tells
	 * @return the environment
	 * @throws InvalidClusterConfigurationException when static discovery on Kubernetes is
	 * left at the default members, which no other pod can be
	 */
	static ClusterEnvironment of(DiscoveryMode mode, List<String> staticMembers, @Nullable ServiceLocation service,
			PodEnvironment pod) {
		DiscoveryMode resolved = mode;
		if (resolved == DiscoveryMode.AUTO) {
			resolved = pod.onKubernetes() ? DiscoveryMode.DNS_SRV : DiscoveryMode.STATIC;
		}
		if (resolved == DiscoveryMode.STATIC && pod.onKubernetes() && staticMembers.equals(DEFAULT_STATIC_MEMBERS)) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.DISCOVERY_STATIC_MEMBERS,
					"static discovery on Kubernetes is left at the default members " + DEFAULT_STATIC_MEMBERS
							+ ", which are on this pod's loopback, where no other pod is",
					"Use DNS SRV discovery on Kubernetes (set " + ClusterPropertyRules.DISCOVERY_MODE
							+ " to auto or dns-srv, and" + " " + ClusterPropertyRules.KUBERNETES_SERVICE_NAME
							+ " to the headless Service), or list the other pods in" + " "
							+ ClusterPropertyRules.DISCOVERY_STATIC_MEMBERS + ".");
		}
		return new ClusterEnvironment(resolved, service, pod);
	}

	/**
	 * Returns what DNS SRV discovery looks up: the configured query, else the Service's
	 * port.
	 * @param query {@code cluster.discovery.dns.query}, or {@code null}
	 * @param portName {@code cluster.discovery.dns.port-name}
	 * @param protocol {@code cluster.discovery.dns.protocol}
	 * @return the query
	 * @throws InvalidClusterConfigurationException when there is neither a query nor a
	 * Service
	 */
	SrvQuery srvQuery(@Nullable String query, String portName, String protocol) {
		if (query != null && !query.isBlank()) {
			return SrvQuery.explicit(query.trim());
		}
		if (this.service == null) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.KUBERNETES_SERVICE_NAME,
					"DNS SRV discovery" + (this.pod.onKubernetes() ? " (chosen because this runs on Kubernetes)" : "")
							+ " needs the headless Service's name, and none is set",
					ClusterPropertyRules.SERVICE_NAME_FIX + ", or set " + ClusterPropertyRules.DISCOVERY_MODE
							+ " to static or none.");
		}
		return SrvQuery.forService(this.service.fqdn(), portName, protocol);
	}

	/**
	 * Returns the headless Service whose EndpointSlices the Kubernetes API mode watches.
	 * @return the Service
	 * @throws InvalidClusterConfigurationException when no Service is configured
	 */
	ServiceLocation kubernetesApiService() {
		if (this.service == null) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.KUBERNETES_SERVICE_NAME,
					"kubernetes-api discovery needs the headless Service's name, and none is set",
					ClusterPropertyRules.SERVICE_NAME_FIX + ", or set " + ClusterPropertyRules.DISCOVERY_MODE
							+ " to dns-srv, static or none.");
		}
		return this.service;
	}

	/**
	 * Returns the DNS server to ask instead of the resolv.conf nameservers.
	 * @param server {@code cluster.discovery.dns.server}, or {@code null}
	 * @return the server, or {@code null} for resolv.conf's
	 * @throws InvalidClusterConfigurationException when it is not one resolved host and
	 * port
	 */
	static @Nullable InetSocketAddress dnsServer(@Nullable String server) {
		if (server == null || server.isBlank()) {
			return null;
		}
		StaticMember parsed = StaticMember.parse(server, 53, ClusterPropertyRules.DISCOVERY_DNS_SERVER);
		InetSocketAddress address = new InetSocketAddress(parsed.host(), parsed.firstPort());
		if (address.isUnresolved() || parsed.firstPort() != parsed.lastPort()) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.DISCOVERY_DNS_SERVER,
					"'" + server + "' is not a DNS server address", "Set " + ClusterPropertyRules.DISCOVERY_DNS_SERVER
							+ " to host[:port], e.g. 10.96.0.10:53, or remove it to use /etc/resolv.conf.");
		}
		return address;
	}

	/**
	 * Returns the static member list.
	 * @param entries the entries as configured
	 * @param port the port of an entry without one
	 * @return the members
	 * @throws InvalidClusterConfigurationException when the list is empty or an entry is
	 * not {@code host[:port[-port]]}
	 */
	static List<StaticMember> staticMembers(List<String> entries, int port) {
		if (entries.isEmpty()) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.DISCOVERY_STATIC_MEMBERS,
					"static discovery needs members, and the list is empty",
					"List the members in " + ClusterPropertyRules.DISCOVERY_STATIC_MEMBERS + ", or set "
							+ ClusterPropertyRules.DISCOVERY_MODE + " to none for a single member.");
		}
		List<StaticMember> members = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			members.add(StaticMember.parse(entries.get(i), port,
					ClusterPropertyRules.DISCOVERY_STATIC_MEMBERS + "[" + i + "]"));
		}
		return members;
	}

}
