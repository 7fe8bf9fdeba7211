package dev.podcluster.hazelcast;

/**
 * Hazelcast member attributes this starter sets, so every member knows every other's
 * name.
 *
 * @since 0.1.0
 */
public final class MemberAttributes {

	/** The node's stable name, e.g. {@code app-0.app.default.svc.cluster.local}. */
	public static final String NODE_NAME = "cluster.node-name";

	/**
	 * How the name was chosen: {@code statefulset}, {@code pod-ip}, {@code host} or
	 * {@code explicit}.
	 */
	public static final String NAMING_MODE = "cluster.naming-mode";

	/** The zone the member runs in, when known (from {@code cluster.zone}). */
	public static final String ZONE = "cluster.zone";

	/** The Kubernetes node the member runs on, when known (from {@code cluster.node}). */
	public static final String NODE = "cluster.node";

	/**
	 * The revision of the workload the member runs, when known (from
	 * {@code cluster.revision}, else the pod's {@code controller-revision-hash} or
	 * {@code pod-template-hash} label): two values in one cluster mean a rollout is under
	 * way, or stalled.
	 */
	public static final String REVISION = "cluster.revision";

	/**
	 * What the member's partition group is named after: {@link #PARTITION_GROUP_BY_ZONE},
	 * {@link #PARTITION_GROUP_BY_NODE}, {@link #PARTITION_GROUP_BY_MEMBER} or
	 * {@link #PARTITION_GROUP_NONE}.
	 */
	public static final String PARTITION_GROUP = "cluster.partition-group";

	/** {@link #PARTITION_GROUP} of a member grouped by zone: {@code zone}. */
	public static final String PARTITION_GROUP_BY_ZONE = "zone";

	/** {@link #PARTITION_GROUP} of a member grouped by Kubernetes node: {@code node}. */
	public static final String PARTITION_GROUP_BY_NODE = "node";

	/**
	 * {@link #PARTITION_GROUP} of a member in a group of its own (backups anywhere but on
	 * it): {@code member}.
	 */
	public static final String PARTITION_GROUP_BY_MEMBER = "member";

	/** {@link #PARTITION_GROUP} without partition groups: {@code none}. */
	public static final String PARTITION_GROUP_NONE = "none";

	private MemberAttributes() {
	}

}
