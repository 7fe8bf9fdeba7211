package dev.podcluster.autoconfigure;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.discovery.DiscoveryMode;
import dev.podcluster.discovery.SrvQuery;
import dev.podcluster.discovery.StaticMember;
import dev.podcluster.naming.PodEnvironment;
import dev.podcluster.naming.ServiceLocation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * {@code cluster.*} combined with what the pod tells about its place in Kubernetes, and
 * turned into the plain values naming and discovery take. Errors name the property and
 * the fix.
 *
 * @param discoveryMode the discovery mode, {@code auto} resolved
 * @param service the headless Service, or {@code null} when no service name is configured
 * @param pod what the pod tells
 */
record ClusterEnvironment(DiscoveryMode discoveryMode, @Nullable ServiceLocation service, PodEnvironment pod) {

	private static final String DEFAULT_NAMESPACE = "default";

	private static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";

	/** The default of {@code cluster.discovery.static.members}. */
	private static final List<String> DEFAULT_STATIC_MEMBERS = List.of("127.0.0.1:5701-5703");

	static ClusterEnvironment of(ClusterProperties properties, PodEnvironment pod) {
		DiscoveryMode mode = properties.discovery().mode();
		if (mode == DiscoveryMode.AUTO) {
			mode = pod.onKubernetes() ? DiscoveryMode.DNS_SRV : DiscoveryMode.STATIC;
		}
		if (mode == DiscoveryMode.STATIC && pod.onKubernetes()
				&& properties.discovery().staticList().members().equals(DEFAULT_STATIC_MEMBERS)) {
			throw new InvalidClusterConfigurationException("cluster.discovery.static.members",
					"static discovery on Kubernetes is left at the default members " + DEFAULT_STATIC_MEMBERS
							+ ", which are on this pod's loopback, where no other pod is",
					"Use DNS SRV discovery on Kubernetes (set cluster.discovery.mode to auto or dns-srv, and"
							+ " cluster.kubernetes.service-name to the headless Service), or list the other pods in"
							+ " cluster.discovery.static.members.");
		}
		ClusterProperties.Kubernetes kubernetes = properties.kubernetes();
		ServiceLocation service = null;
		if (StringUtils.hasText(kubernetes.serviceName())) {
			service = new ServiceLocation(kubernetes.serviceName().trim().toLowerCase(Locale.ROOT),
					namespace(kubernetes.namespace(), pod), clusterDomain(kubernetes.clusterDomain(), pod));
		}
		return new ClusterEnvironment(mode, service, pod);
	}

	/**
	 * Returns what DNS SRV discovery looks up: the configured query, else the Service's
	 * port.
	 * @param dns the DNS settings
	 * @return the query
	 */
	SrvQuery srvQuery(ClusterProperties.Dns dns) {
		if (StringUtils.hasText(dns.query())) {
			return SrvQuery.explicit(dns.query().trim());
		}
		if (this.service == null) {
			throw new InvalidClusterConfigurationException("cluster.kubernetes.service-name",
					"DNS SRV discovery" + (this.pod.onKubernetes() ? " (chosen because this runs on Kubernetes)" : "")
							+ " needs the headless Service's name, and none is set",
					"Set cluster.kubernetes.service-name (env CLUSTER_KUBERNETES_SERVICENAME) to the headless Service"
							+ " that selects the pods, or set cluster.discovery.mode to static or none.");
		}
		return SrvQuery.forService(this.service.fqdn(), dns.portName(), dns.protocol());
	}

	/**
	 * Returns the DNS server to ask instead of the resolv.conf nameservers.
	 * @param dns the DNS settings
	 * @return the server, or {@code null} for resolv.conf's
	 */
	static @Nullable InetSocketAddress dnsServer(ClusterProperties.Dns dns) {
		if (!StringUtils.hasText(dns.server())) {
			return null;
		}
		StaticMember parsed = StaticMember.parse(dns.server(), 53, "cluster.discovery.dns.server");
		InetSocketAddress server = new InetSocketAddress(parsed.host(), parsed.firstPort());
		if (server.isUnresolved() || parsed.firstPort() != parsed.lastPort()) {
			throw new InvalidClusterConfigurationException("cluster.discovery.dns.server",
					"'" + dns.server() + "' is not a DNS server address",
					"Set cluster.discovery.dns.server to host[:port], e.g. 10.96.0.10:53, or remove it to use /etc/resolv.conf.");
		}
		return server;
	}

	/**
	 * Returns the static member list.
	 * @param entries the entries as configured
	 * @param port the port of an entry without one
	 * @return the members
	 */
	static List<StaticMember> staticMembers(List<String> entries, int port) {
		if (entries.isEmpty()) {
			throw new InvalidClusterConfigurationException("cluster.discovery.static.members",
					"static discovery needs members, and the list is empty",
					"List the members in cluster.discovery.static.members, or set cluster.discovery.mode to none for a single member.");
		}
		List<StaticMember> members = new ArrayList<>();
		for (int i = 0; i < entries.size(); i++) {
			members.add(StaticMember.parse(entries.get(i), port, "cluster.discovery.static.members[" + i + "]"));
		}
		return members;
	}

	private static String namespace(@Nullable String configured, PodEnvironment pod) {
		if (StringUtils.hasText(configured)) {
			return configured.trim();
		}
		return (pod.namespace() != null) ? pod.namespace() : DEFAULT_NAMESPACE;
	}

	private static String clusterDomain(@Nullable String configured, PodEnvironment pod) {
		if (StringUtils.hasText(configured)) {
			return ServiceLocation.withoutTrailingDot(configured.trim());
		}
		return (pod.clusterDomain() != null) ? pod.clusterDomain() : DEFAULT_CLUSTER_DOMAIN;
	}

}
