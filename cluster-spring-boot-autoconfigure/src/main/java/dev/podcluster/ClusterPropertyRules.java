package dev.podcluster;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The names of the {@code cluster.*} properties, and the rules their values follow: every
 * message that names a property takes its name from here, and every check that more than
 * one property shares lives here.
 *
 * @since 0.1.0
 */
public final class ClusterPropertyRules {

	/** Whether this application joins a cluster. */
	public static final String ENABLED = "cluster.enabled";

	/** The name every member of the cluster shares. */
	public static final String CLUSTER_NAME = "cluster.cluster-name";

	/** The members the cluster must first reach. */
	public static final String EXPECTED_MEMBERS = "cluster.expected-members";

	/** The zone this member runs in. */
	public static final String ZONE = "cluster.zone";

	/** The Kubernetes node this member runs on. */
	public static final String NODE = "cluster.node";

	/** The workload revision this member runs. */
	public static final String REVISION = "cluster.revision";

	/** The naming mode. */
	public static final String NAMING_MODE = "cluster.naming.mode";

	/** A name that wins over the naming mode's. */
	public static final String NAMING_NAME = "cluster.naming.name";

	/** The headless Service's name. */
	public static final String KUBERNETES_SERVICE_NAME = "cluster.kubernetes.service-name";

	/** The Service's namespace. */
	public static final String KUBERNETES_NAMESPACE = "cluster.kubernetes.namespace";

	/** The cluster DNS domain. */
	public static final String KUBERNETES_CLUSTER_DOMAIN = "cluster.kubernetes.cluster-domain";

	/** Whether the oldest members annotate their pods with their deletion cost. */
	public static final String KUBERNETES_POD_DELETION_COST_ENABLED = "cluster.kubernetes.pod-deletion-cost.enabled";

	/** How many of the oldest members annotate their pods. */
	public static final String KUBERNETES_POD_DELETION_COST_MEMBERS = "cluster.kubernetes.pod-deletion-cost.members";

	/** The discovery mode. */
	public static final String DISCOVERY_MODE = "cluster.discovery.mode";

	/** Consecutive good answers a seed may be missing from. */
	public static final String DISCOVERY_MISSES_BEFORE_REMOVAL = "cluster.discovery.misses-before-removal";

	/** How long start-up waits for the expected seeds. */
	public static final String DISCOVERY_JOIN_WAIT = "cluster.discovery.join-wait";

	/** The longest time between lookups. */
	public static final String DISCOVERY_INTERVAL = "cluster.discovery.interval";

	/** The shortest time between lookups. */
	public static final String DISCOVERY_MIN_INTERVAL = "cluster.discovery.min-interval";

	/** The SRV name looked up instead of the Service's. */
	public static final String DISCOVERY_DNS_QUERY = "cluster.discovery.dns.query";

	/** The Service port whose SRV records are looked up. */
	public static final String DISCOVERY_DNS_PORT_NAME = "cluster.discovery.dns.port-name";

	/** The protocol of that port. */
	public static final String DISCOVERY_DNS_PROTOCOL = "cluster.discovery.dns.protocol";

	/** The DNS server asked instead of resolv.conf's. */
	public static final String DISCOVERY_DNS_SERVER = "cluster.discovery.dns.server";

	/** How long to wait for a DNS server's answer. */
	public static final String DISCOVERY_DNS_TIMEOUT = "cluster.discovery.dns.timeout";

	/** The Service port whose endpoints the Kubernetes API mode seeds from. */
	public static final String DISCOVERY_KUBERNETES_API_PORT_NAME = "cluster.discovery.kubernetes-api.port-name";

	/** How long to wait for the Kubernetes API server's answer. */
	public static final String DISCOVERY_KUBERNETES_API_TIMEOUT = "cluster.discovery.kubernetes-api.timeout";

	/** The static member list. */
	public static final String DISCOVERY_STATIC_MEMBERS = "cluster.discovery.static.members";

	/** The member port. */
	public static final String HAZELCAST_PORT = "cluster.hazelcast.port";

	/** The address the member binds and advertises. */
	public static final String HAZELCAST_ADDRESS = "cluster.hazelcast.address";

	/** The time between heartbeats. */
	public static final String HAZELCAST_HEARTBEAT_INTERVAL = "cluster.hazelcast.heartbeat-interval";

	/** The silence after which a member is dropped. */
	public static final String HAZELCAST_HEARTBEAT_TIMEOUT = "cluster.hazelcast.heartbeat-timeout";

	/** The time between the oldest member's checks for split clusters. */
	public static final String HAZELCAST_SPLIT_BRAIN_CHECK_INTERVAL = "cluster.hazelcast.split-brain-check-interval";

	/** The longest a leaving member waits for its partitions to migrate. */
	public static final String HAZELCAST_SHUTDOWN_TIMEOUT = "cluster.hazelcast.shutdown-timeout";

	/** Where partition backups go. */
	public static final String HAZELCAST_PARTITION_GROUP = "cluster.hazelcast.partition-group";

	/** The smallest side of a partition whose maps still take operations. */
	public static final String SPLIT_BRAIN_PROTECTION = "cluster.split-brain-protection";

	/** The maps and caches split-brain protection covers. */
	public static final String SPLIT_BRAIN_PROTECTION_NAMES = "cluster.split-brain-protection-names";

	/** What a map keeps of the smaller side's entries when a split heals. */
	public static final String MERGE_POLICY = "cluster.merge-policy";

	/** The downward-API variable that carries the pod's address. */
	public static final String POD_IP = "POD_IP";

	/** What to do when the headless Service's name is needed and none is set. */
	public static final String SERVICE_NAME_FIX = "Set " + KUBERNETES_SERVICE_NAME
			+ " (env CLUSTER_KUBERNETES_SERVICENAME) to the headless Service that selects the pods";

	private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

	private ClusterPropertyRules() {
	}

	/**
	 * Returns the smallest number of members a side of a partition needs for its maps to
	 * take operations, from {@code cluster.split-brain-protection}: {@code off},
	 * {@code majority} (of {@code cluster.expected-members}) or a number of members.
	 * @param value the property's value
	 * @param expectedMembers the value of {@code cluster.expected-members}
	 * @return the minimum, or 0 when protection is off
	 * @throws InvalidClusterConfigurationException when the value is none of those, or a
	 * minimum that protects nothing or that the expected cluster never reaches
	 */
	public static int splitBrainMinimum(String value, int expectedMembers) {
		String trimmed = value.trim().toLowerCase(Locale.ROOT);
		if (trimmed.equals("off") || trimmed.equals("false")) {
			return 0;
		}
		if (trimmed.equals("majority")) {
			if (expectedMembers < 2) {
				throw new InvalidClusterConfigurationException(SPLIT_BRAIN_PROTECTION,
						"majority is counted of " + EXPECTED_MEMBERS + ", which is " + expectedMembers
								+ ", so a member alone would always have it",
						"Set " + EXPECTED_MEMBERS + " (env CLUSTER_EXPECTEDMEMBERS) to the cluster's size (e.g. the"
								+ " StatefulSet's replicas, 3 or more), or set " + SPLIT_BRAIN_PROTECTION + " to off.");
			}
			return expectedMembers / 2 + 1;
		}
		int minimum;
		try {
			minimum = Integer.parseInt(trimmed);
		}
		catch (NumberFormatException ex) {
			throw new InvalidClusterConfigurationException(SPLIT_BRAIN_PROTECTION,
					"'" + value + "' is neither off, majority nor a number of members",
					"Set " + SPLIT_BRAIN_PROTECTION + " (env CLUSTER_SPLITBRAINPROTECTION) to off, majority (of "
							+ EXPECTED_MEMBERS + ") or the smallest number of members a side needs, e.g. 2.");
		}
		if (minimum < 2) {
			throw new InvalidClusterConfigurationException(SPLIT_BRAIN_PROTECTION,
					"a minimum of " + minimum + " member" + ((minimum == 1) ? "" : "s")
							+ " never stops a side of a partition",
					"Set " + SPLIT_BRAIN_PROTECTION + " to 2 or more, to majority, or to off.");
		}
		if (expectedMembers > 1 && minimum > expectedMembers) {
			throw new InvalidClusterConfigurationException(SPLIT_BRAIN_PROTECTION,
					"a minimum of " + minimum + " members is more than the " + expectedMembers + " of "
							+ EXPECTED_MEMBERS + ", so the cluster's maps would refuse every operation at that size",
					"Set " + SPLIT_BRAIN_PROTECTION + " to at most " + expectedMembers + " (or majority), or raise "
							+ EXPECTED_MEMBERS + " to the cluster's size.");
		}
		return minimum;
	}

	/**
	 * Checks a DNS label that is trimmed before use, when one is set.
	 * @param property the property
	 * @param value the value, or {@code null}
	 * @param what what the property should be set to, for the fix
	 * @throws InvalidClusterConfigurationException when it is not a DNS label
	 */
	public static void requireLabelIfSet(String property, @Nullable String value, String what) {
		if (value != null && !value.isBlank()) {
			requireLabel(property, value.trim(), what);
		}
	}

	/**
	 * Checks a DNS label (RFC 1123).
	 * @param property the property
	 * @param value the value
	 * @param what what the property should be set to, for the fix
	 * @throws InvalidClusterConfigurationException when it is not a DNS label
	 */
	public static void requireLabel(String property, String value, String what) {
		if (!isDnsLabel(value)) {
			throw new InvalidClusterConfigurationException(property,
					"'" + value + "' is not a DNS label (RFC 1123): up to 63 letters, digits and '-', starting and"
							+ " ending with a letter or digit",
					"Set " + property + " to " + what + ".");
		}
	}

	/**
	 * Returns whether a label is a DNS label (RFC 1123): up to 63 letters, digits and
	 * '-', starting and ending with a letter or digit.
	 * @param label the label
	 * @return whether it is one
	 */
	public static boolean isDnsLabel(String label) {
		return DNS_LABEL.matcher(label).matches();
	}

	/**
	 * Checks a duration Hazelcast counts in whole seconds.
	 * @param property the property
	 * @param duration the value
	 * @throws InvalidClusterConfigurationException when it is not one or more whole
	 * seconds
	 */
	public static void requireWholeSeconds(String property, Duration duration) {
		if (duration.toSeconds() < 1 || duration.toMillis() % 1000 != 0) {
			throw new InvalidClusterConfigurationException(property,
					"Hazelcast counts this in whole seconds, and " + duration + " is not one or more of them",
					"Set " + property + " to a whole number of seconds, e.g. 5s.");
		}
	}

	/**
	 * Checks a duration that may be zero.
	 * @param property the property
	 * @param duration the value
	 * @throws InvalidClusterConfigurationException when it is negative
	 */
	public static void requireNotNegative(String property, Duration duration) {
		if (duration.isNegative()) {
			throw new InvalidClusterConfigurationException(property, "the duration " + duration + " is negative",
					"Set " + property + " to zero or a positive duration, e.g. 10s.");
		}
	}

	/**
	 * Checks a duration that must be positive.
	 * @param property the property
	 * @param duration the value
	 * @throws InvalidClusterConfigurationException when it is zero or negative
	 */
	public static void requirePositive(String property, Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidClusterConfigurationException(property, "the duration " + duration + " is not positive",
					"Set " + property + " to a positive duration, e.g. 2s.");
		}
	}

}
