package dev.podcluster.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.podcluster.ClusterPropertyRules;
import dev.podcluster.InvalidClusterConfigurationException;
import dev.podcluster.discovery.DiscoveryMode;
import dev.podcluster.hazelcast.MergePolicy;
import dev.podcluster.hazelcast.PartitionGrouping;
import dev.podcluster.naming.NamingMode;
import dev.podcluster.naming.ServiceLocation;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Configuration of the cluster ({@code cluster.*}).
 *
 * @param enabled Whether this application joins a cluster
 * @param clusterName Shared name of the cluster; members with another name never join it
 * @param expectedMembers Number of members the cluster must first reach before this
 * member reports Ready (the cluster health is OUT_OF_SERVICE until then); once reached,
 * losing peers never makes it NotReady again
 * @param naming How this node is named
 * @param kubernetes Where the cluster's headless Service lives
 * @param discovery How members find each other
 * @param hazelcast The embedded Hazelcast member
 * @param zone Zone this member runs in, e.g. from the pod label
 * topology.kubernetes.io/zone through the downward API; empty when unknown
 * @param node Kubernetes node this member runs on, e.g. from spec.nodeName through the
 * downward API; empty when unknown
 * @param revision Revision of the workload this member runs, shown per member in
 * /actuator/cluster and counted by the cluster.revisions metric; defaults to the pod
 * label controller-revision-hash (StatefulSet) or pod-template-hash (Deployment), from
 * the CONTROLLER_REVISION_HASH or POD_TEMPLATE_HASH variable the downward API sets; empty
 * when unknown
 * @param splitBrainProtection Smallest side of a network partition whose maps still take
 * reads and writes: off, majority (of cluster.expected-members) or a number of members;
 * on a smaller side they fail with SplitBrainProtectionException and the member is
 * NotReady until the partition heals
 * @param splitBrainProtectionNames Maps and caches split-brain protection covers, as
 * names or patterns with one '*', e.g. orders*, spring:session:sessions; empty for every
 * map (the application's, Spring's caches on Hazelcast, Spring Session's) and every cache
 * of the Hazelcast configuration
 * @param mergePolicy What a map keeps of the smaller side's entries when a split heals:
 * latest-update (the entry written last, on either side), put-if-absent (the larger
 * side's), pass-through (the smaller side's), higher-hits, or none (as the Hazelcast
 * configuration has it); a map whose Hazelcast configuration names a policy of its own
 * keeps it
 * @since 0.1.0
 */
@ConfigurationProperties("cluster")
public record ClusterProperties(@DefaultValue("true") boolean enabled, @DefaultValue("cluster") String clusterName,
		@DefaultValue("1") int expectedMembers, @DefaultValue Naming naming, @DefaultValue Kubernetes kubernetes,
		@DefaultValue Discovery discovery, @DefaultValue Hazelcast hazelcast, @Nullable String zone,
		@Nullable String node, @Nullable String revision, @DefaultValue("off") String splitBrainProtection,
		@DefaultValue List<String> splitBrainProtectionNames, @DefaultValue("latest-update") MergePolicy mergePolicy) {

	/** A Kubernetes label value, as the zone label holds it. */
	private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?");

	private static final Duration MIN_DNS_TIMEOUT = Duration.ofMillis(10);

	public ClusterProperties {
		if (clusterName.isBlank()) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.CLUSTER_NAME,
					"the cluster name is empty", "Set " + ClusterPropertyRules.CLUSTER_NAME
							+ " to a name every member of this cluster shares, e.g. my-app.");
		}
		if (expectedMembers < 1) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.EXPECTED_MEMBERS,
					"expected members is " + expectedMembers,
					"Set " + ClusterPropertyRules.EXPECTED_MEMBERS + " to 1 or more.");
		}
		if (expectedMembers > 1 && discovery.mode() == DiscoveryMode.NONE) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.EXPECTED_MEMBERS,
					"expected members is " + expectedMembers + ", but " + ClusterPropertyRules.DISCOVERY_MODE
							+ " is none, so this member never finds another",
					"Set " + ClusterPropertyRules.DISCOVERY_MODE
							+ " to auto, dns-srv or static so that members find each other, or set" + " "
							+ ClusterPropertyRules.EXPECTED_MEMBERS + " to 1 for a member that runs alone.");
		}
		ClusterPropertyRules.splitBrainMinimum(splitBrainProtection, expectedMembers);
		for (String name : splitBrainProtectionNames) {
			if (name.isBlank() || name.indexOf('*') != name.lastIndexOf('*')) {
				throw new InvalidClusterConfigurationException(ClusterPropertyRules.SPLIT_BRAIN_PROTECTION_NAMES,
						"'" + name + "' is not a map or cache name, nor a pattern with one '*'",
						"Set " + ClusterPropertyRules.SPLIT_BRAIN_PROTECTION_NAMES
								+ " to names of maps and caches, or patterns with one '*', e.g. orders*,"
								+ " spring:session:sessions; leave it empty to cover every map and cache.");
			}
		}
		// Empty, e.g. from a pod label that is missing, means unknown.
		if (zone != null && !zone.isBlank() && !LABEL_VALUE.matcher(zone.trim()).matches()) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.ZONE,
					"'" + zone + "' is not a zone name: a Kubernetes label value of up to 63 letters, digits, '-', '_'"
							+ " and '.', starting and ending with a letter or digit",
					"Set " + ClusterPropertyRules.ZONE
							+ " (env CLUSTER_ZONE) to the zone's name, e.g. eu-west-1a, from the pod label"
							+ " topology.kubernetes.io/zone, or leave it empty when the zone is unknown.");
		}
		if (node != null && !node.isBlank() && !isDnsName(node.trim())) {
			throw new InvalidClusterConfigurationException(ClusterPropertyRules.NODE,
					"'" + node + "' is not a Kubernetes node name: labels of up to 63 letters, digits and '-',"
							+ " separated by dots, at most 253 characters",
					"Set " + ClusterPropertyRules.NODE
							+ " (env CLUSTER_NODE) to the node's name from spec.nodeName, or leave it empty when"
							+ " the node is unknown.");
		}
	}

	/**
	 * How this node is named.
	 *
	 * @param mode Naming mode: auto, statefulset, pod-ip or host
	 * @param name Name to use instead of the mode's, e.g. for a node outside Kubernetes
	 */
	public record Naming(@DefaultValue("auto") NamingMode mode, @Nullable String name) {

		public Naming {
			// An empty name, e.g. from an empty environment variable, means no name.
			if (name != null && !name.isBlank() && !isDnsName(name.trim())) {
				throw new InvalidClusterConfigurationException(ClusterPropertyRules.NAMING_NAME,
						"'" + name + "' is not a DNS name: labels of up to 63 letters, digits and '-', separated by"
								+ " dots, at most 253 characters",
						"Set " + ClusterPropertyRules.NAMING_NAME
								+ " to a DNS name such as orders-0 or node-1.example.org, or remove it" + " to let "
								+ ClusterPropertyRules.NAMING_MODE + " name the node.");
			}
		}

	}

	/**
	 * Where the cluster's headless Service lives.
	 *
	 * @param serviceName Name of the headless Service selecting the cluster's pods (its
	 * SRV records are looked up)
	 * @param namespace Namespace of the Service; defaults to the NAMESPACE or
	 * POD_NAMESPACE variable, the service account's namespace, else "default"
	 * @param clusterDomain Cluster DNS domain; defaults to the one in the resolv.conf
	 * search list, else cluster.local
	 * @param podDeletionCost Deletion costs on the oldest members' pods, so a
	 * Deployment's scale-down keeps the oldest member
	 */
	public record Kubernetes(@Nullable String serviceName, @Nullable String namespace, @Nullable String clusterDomain,
			@DefaultValue PodDeletionCost podDeletionCost) {

		public Kubernetes {
			ClusterPropertyRules.requireLabelIfSet(ClusterPropertyRules.KUBERNETES_SERVICE_NAME, serviceName,
					"the headless Service's name, e.g. orders");
			ClusterPropertyRules.requireLabelIfSet(ClusterPropertyRules.KUBERNETES_NAMESPACE, namespace,
					"the Service's namespace, e.g. shop");
		}

	}

	/**
	 * Deletion costs on the oldest members' pods.
	 *
	 * @param enabled Whether the oldest members annotate their own pods with
	 * controller.kubernetes.io/pod-deletion-cost, the oldest highest, so that a
	 * Deployment's scale-down removes younger pods first and the oldest member (the
	 * master) stays; needs fabric8's Kubernetes client and patch on pods
	 * @param members How many of the oldest members annotate their pods
	 */
	public record PodDeletionCost(@DefaultValue("false") boolean enabled, @DefaultValue("3") int members) {

		public PodDeletionCost {
			if (members < 1) {
				throw new InvalidClusterConfigurationException(
						ClusterPropertyRules.KUBERNETES_POD_DELETION_COST_MEMBERS,
						"the number of members whose pods carry a deletion cost is " + members,
						"Set " + ClusterPropertyRules.KUBERNETES_POD_DELETION_COST_MEMBERS
								+ " to 1 or more: the number of oldest members whose pods carry a deletion cost.");
			}
		}

	}

	/**
	 * How members find each other.
	 *
	 * @param mode Discovery mode: auto (dns-srv on Kubernetes, else static), dns-srv,
	 * kubernetes-api (a watch on the headless Service's EndpointSlices, needs fabric8's
	 * Kubernetes client and RBAC), static or none
	 * @param missesBeforeRemoval Consecutive good answers a seed may be missing from
	 * before it is dropped
	 * @param joinWait How long start-up waits for discovery to show
	 * cluster.expected-members seeds before the member starts with what it found
	 * @param interval Longest time between lookups, DNS SRV or static; a DNS answer's
	 * TTL, when shorter, rules; in kubernetes-api mode, the time between reads of the
	 * watched EndpointSlices, which a change makes sooner
	 * @param minInterval Shortest time between lookups, however short a DNS answer's TTL
	 * @param dns DNS SRV discovery
	 * @param kubernetesApi Discovery through the Kubernetes API
	 * @param staticList Static member list
	 */
	public record Discovery(@DefaultValue("auto") DiscoveryMode mode, @DefaultValue("3") int missesBeforeRemoval,
			@DefaultValue("10s") Duration joinWait, @DefaultValue("5s") Duration interval,
			@DefaultValue("1s") Duration minInterval, @DefaultValue Dns dns, @DefaultValue KubernetesApi kubernetesApi,
			@Name("static") @DefaultValue Static staticList) {

		public Discovery {
			ClusterPropertyRules.requireNotNegative(ClusterPropertyRules.DISCOVERY_JOIN_WAIT, joinWait);
			ClusterPropertyRules.requirePositive(ClusterPropertyRules.DISCOVERY_INTERVAL, interval);
			ClusterPropertyRules.requirePositive(ClusterPropertyRules.DISCOVERY_MIN_INTERVAL, minInterval);
			if (minInterval.compareTo(interval) > 0) {
				throw new InvalidClusterConfigurationException(ClusterPropertyRules.DISCOVERY_MIN_INTERVAL,
						"the shortest time between lookups (" + minInterval + ") is longer than the longest, "
								+ ClusterPropertyRules.DISCOVERY_INTERVAL + " (" + interval + ")",
						"Set " + ClusterPropertyRules.DISCOVERY_MIN_INTERVAL + " to at most "
								+ ClusterPropertyRules.DISCOVERY_INTERVAL + " (defaults: 1s and 5s)," + " or raise "
								+ ClusterPropertyRules.DISCOVERY_INTERVAL + ".");
			}
			if (missesBeforeRemoval < 1) {
				throw new InvalidClusterConfigurationException(ClusterPropertyRules.DISCOVERY_MISSES_BEFORE_REMOVAL,
						"misses before removal is " + missesBeforeRemoval,
						"Set " + ClusterPropertyRules.DISCOVERY_MISSES_BEFORE_REMOVAL + " to 1 or more.");
			}
		}

	}

	/**
	 * DNS SRV discovery.
	 *
	 * @param query SRV name to look up instead of the one built from the Service, port
	 * name and protocol
	 * @param portName Name of the Service port whose SRV records are looked up; empty for
	 * the bare Service name
	 * @param protocol Protocol of that port
	 * @param server DNS server (host[:port]) to ask instead of the resolv.conf
	 * nameservers
	 * @param timeout How long to wait for a DNS server's answer
	 */
	public record Dns(@Nullable String query, @DefaultValue("hazelcast") String portName,
			@DefaultValue("tcp") String protocol, @Nullable String server, @DefaultValue("2s") Duration timeout) {

		public Dns {
			ClusterPropertyRules.requirePositive(ClusterPropertyRules.DISCOVERY_DNS_TIMEOUT, timeout);
			if (timeout.compareTo(MIN_DNS_TIMEOUT) < 0) {
				throw new InvalidClusterConfigurationException(ClusterPropertyRules.DISCOVERY_DNS_TIMEOUT,
						"a DNS timeout of " + timeout.toMillis()
								+ " ms ends before a DNS server can be expected to answer",
						"Set " + ClusterPropertyRules.DISCOVERY_DNS_TIMEOUT
								+ " to 10ms or more; the default, 2s, suits a cluster DNS.");
			}
			// Empty means the bare Service name; the name is used as is, so it is checked
			// as is.
			if (portName != null && !portName.isBlank()) {
				ClusterPropertyRules.requireLabel(ClusterPropertyRules.DISCOVERY_DNS_PORT_NAME, portName,
						"the name of the Service port Hazelcast listens on, e.g. hazelcast, or empty for the bare"
								+ " Service name");
			}
			ClusterPropertyRules.requireLabel(ClusterPropertyRules.DISCOVERY_DNS_PROTOCOL, protocol,
					"the protocol of that port, tcp");
		}

	}

	/**
	 * Discovery through the Kubernetes API (cluster.discovery.mode=kubernetes-api).
	 *
	 * @param portName Name of the Service port whose endpoints are the seeds; empty for
	 * cluster.hazelcast.port on every endpoint
	 * @param timeout How long to wait for the Kubernetes API server to connect and answer
	 */
	public record KubernetesApi(@DefaultValue("hazelcast") String portName, @DefaultValue("10s") Duration timeout) {

		public KubernetesApi {
			ClusterPropertyRules.requirePositive(ClusterPropertyRules.DISCOVERY_KUBERNETES_API_TIMEOUT, timeout);
			if (portName != null && !portName.isBlank()) {
				ClusterPropertyRules.requireLabel(ClusterPropertyRules.DISCOVERY_KUBERNETES_API_PORT_NAME, portName,
						"the name of the Service port Hazelcast listens on, e.g. hazelcast, or empty for "
								+ ClusterPropertyRules.HAZELCAST_PORT);
			}
		}

	}

	/**
	 * Static member list.
	 *
	 * @param members Members as host, host:port or host:port-port
	 */
	public record Static(@DefaultValue("127.0.0.1:5701-5703") List<String> members) {

	}

	/**
	 * The embedded Hazelcast member.
	 *
	 * @param port Member port
	 * @param address Address to bind and advertise; defaults to POD_IP, else loopback
	 * when every static member is on loopback, else the address the host name resolves to
	 * @param heartbeatInterval Time between heartbeats to the other members
	 * @param heartbeatTimeout Silence after which a member is dropped; a killed pod's
	 * address drops packets, so this is how long the cluster waits for it
	 * @param splitBrainCheckInterval Time between the oldest member's checks for members
	 * of this cluster that are not in it, which merge split clusters
	 * @param shutdownTimeout Longest a leaving member waits for its partitions to
	 * migrate; keep it below the pod's terminationGracePeriodSeconds
	 * @param properties Hazelcast properties (hazelcast.*) applied over the starter's
	 * @param javaSerializationFilter Whether the member reads from Java serialization
	 * only classes of java.*, com.hazelcast.*, the application's packages and Spring's
	 * cache keys and sessions, never those of known gadget chains; a filter in the
	 * application's own Hazelcast configuration wins
	 * @param javaSerializationAllowed Further classes the filter lets through, as class
	 * names or package prefixes ending in a dot, e.g.
	 * org.springframework.security.core.context.SecurityContextImpl or com.acme.money.
	 * @param partitionGroup Where partition backups go: auto (by zone when this member
	 * knows cluster.zone, else by node when it knows cluster.node, else anywhere but on
	 * their primary's member), zone, node, or none (Hazelcast's own setting); every
	 * member must use the same value
	 */
	public record Hazelcast(@DefaultValue("5701") int port, @Nullable String address,
			@DefaultValue("1s") Duration heartbeatInterval, @DefaultValue("8s") Duration heartbeatTimeout,
			@DefaultValue("5s") Duration splitBrainCheckInterval, @DefaultValue("20s") Duration shutdownTimeout,
			@DefaultValue Map<String, String> properties, @DefaultValue("true") boolean javaSerializationFilter,
			@DefaultValue List<String> javaSerializationAllowed,
			@DefaultValue("auto") PartitionGrouping partitionGroup) {

		public Hazelcast {
			ClusterPropertyRules.requireWholeSeconds(ClusterPropertyRules.HAZELCAST_HEARTBEAT_INTERVAL,
					heartbeatInterval);
			ClusterPropertyRules.requireWholeSeconds(ClusterPropertyRules.HAZELCAST_HEARTBEAT_TIMEOUT,
					heartbeatTimeout);
			ClusterPropertyRules.requireWholeSeconds(ClusterPropertyRules.HAZELCAST_SPLIT_BRAIN_CHECK_INTERVAL,
					splitBrainCheckInterval);
			ClusterPropertyRules.requireWholeSeconds(ClusterPropertyRules.HAZELCAST_SHUTDOWN_TIMEOUT, shutdownTimeout);
			if (heartbeatTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
				throw new InvalidClusterConfigurationException(ClusterPropertyRules.HAZELCAST_HEARTBEAT_TIMEOUT,
						"a heartbeat timeout of " + heartbeatTimeout
								+ " drops members after fewer than two missed heartbeats",
						"Set " + ClusterPropertyRules.HAZELCAST_HEARTBEAT_TIMEOUT + " to at least twice "
								+ ClusterPropertyRules.HAZELCAST_HEARTBEAT_INTERVAL + ".");
			}
			if (port < 1 || port > 65535) {
				throw new InvalidClusterConfigurationException(ClusterPropertyRules.HAZELCAST_PORT,
						"port " + port + " is not a port", "Set " + ClusterPropertyRules.HAZELCAST_PORT
								+ " to a port from 1 to 65535; 5701 is Hazelcast's.");
			}
		}

	}

	/**
	 * Returns the members a side of a partition needs for its maps to take operations.
	 * @return the minimum, or 0 when split-brain protection is off
	 */
	public int splitBrainMinimum() {
		return ClusterPropertyRules.splitBrainMinimum(this.splitBrainProtection, this.expectedMembers);
	}

	private static boolean isDnsName(String name) {
		String absolute = ServiceLocation.withoutTrailingDot(name);
		if (absolute.isEmpty() || absolute.length() > 253) {
			return false;
		}
		for (String label : absolute.split("\\.", -1)) {
			if (!ClusterPropertyRules.isDnsLabel(label)) {
				return false;
			}
		}
		return true;
	}

}
