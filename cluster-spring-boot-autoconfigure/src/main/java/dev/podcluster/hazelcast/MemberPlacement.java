package dev.podcluster.hazelcast;

import java.util.LinkedHashMap;
import java.util.Map;

import com.hazelcast.config.PartitionGroupConfig.MemberGroupType;
import com.hazelcast.spi.partitiongroup.PartitionGroupMetaData;
import dev.podcluster.ClusterPropertyRules;
import org.jspecify.annotations.Nullable;

/**
 * Where this member runs (its zone and Kubernetes node, when known) and the partition
 * group that puts it in. Hazelcast refuses a joining member whose group type differs from
 * the cluster's, and its ZONE_AWARE and NODE_AWARE groups fail on a member without the
 * attribute: so the group type follows the configuration alone, and a member that lacks
 * its zone (or node) still supplies the attribute, naming a group of its own.
 *
 * @param grouping the configured grouping
 * @param zone the member's zone, or {@code null} when unknown
 * @param node the Kubernetes node the member runs on, or {@code null} when unknown
 * @param memberName this member's node name: the group of a member that knows nothing
 * else
 */
record MemberPlacement(PartitionGrouping grouping, @Nullable String zone, @Nullable String node, String memberName) {

	public MemberPlacement {
		// An empty value, e.g. from a missing pod label, means unknown.
		zone = (zone != null && !zone.isBlank()) ? zone.trim() : null;
		node = (node != null && !node.isBlank()) ? node.trim() : null;
	}

	/**
	 * Returns what this member's partition group is named after.
	 * @return the value of {@link MemberAttributes#PARTITION_GROUP}
	 */
	public String groupedBy() {
		return switch (this.grouping) {
			case NONE -> MemberAttributes.PARTITION_GROUP_NONE;
			case NODE -> (this.node != null) ? MemberAttributes.PARTITION_GROUP_BY_NODE
					: MemberAttributes.PARTITION_GROUP_BY_MEMBER;
			case AUTO, ZONE -> (this.zone != null) ? MemberAttributes.PARTITION_GROUP_BY_ZONE : (this.node != null)
					? MemberAttributes.PARTITION_GROUP_BY_NODE : MemberAttributes.PARTITION_GROUP_BY_MEMBER;
		};
	}

	/**
	 * Returns the Hazelcast group type, the same on every member configured alike.
	 * @return the type, or {@code null} for no partition groups
	 */
	public @Nullable MemberGroupType groupType() {
		return switch (this.grouping) {
			case NONE -> null;
			case NODE -> MemberGroupType.NODE_AWARE;
			case AUTO, ZONE -> MemberGroupType.ZONE_AWARE;
		};
	}

	/**
	 * Returns the attributes Hazelcast's ZONE_AWARE and NODE_AWARE groups read, for the
	 * discovery strategy's local metadata. A member without its zone is put in a zone
	 * named after its node ({@code node/<node>}), else after itself
	 * ({@code member/<name>}): a slash never occurs in a zone label or a node name, so
	 * such a group never merges with a real zone.
	 * @return attribute name to value; empty without partition groups
	 */
	public Map<String, String> partitionGroupMetadata() {
		if (this.grouping == PartitionGrouping.NONE) {
			return Map.of();
		}
		String ownGroup = "member/" + this.memberName;
		String nodeGroup = (this.node != null) ? this.node : ownGroup;
		String zoneGroup = (this.zone != null) ? this.zone : (this.node != null) ? "node/" + this.node : ownGroup;
		Map<String, String> metadata = new LinkedHashMap<>();
		metadata.put(PartitionGroupMetaData.PARTITION_GROUP_ZONE, zoneGroup);
		metadata.put(PartitionGroupMetaData.PARTITION_GROUP_NODE, nodeGroup);
		return metadata;
	}

	/**
	 * Returns the starter's own attributes: the zone and node as known, and the grouping,
	 * which {@code /actuator/cluster} and the health show for every member.
	 * @return attribute name to value
	 */
	public Map<String, String> attributes() {
		Map<String, String> attributes = new LinkedHashMap<>();
		if (this.zone != null) {
			attributes.put(MemberAttributes.ZONE, this.zone);
		}
		if (this.node != null) {
			attributes.put(MemberAttributes.NODE, this.node);
		}
		attributes.put(MemberAttributes.PARTITION_GROUP, groupedBy());
		return attributes;
	}

	/**
	 * Returns why this member cannot be grouped as configured, and the fix; {@code null}
	 * when it can (or when the grouping is {@code auto}, which takes what it finds).
	 * @return the shortfall, or {@code null}
	 */
	public @Nullable String shortfall() {
		if (this.grouping == PartitionGrouping.ZONE && this.zone == null) {
			return ClusterPropertyRules.HAZELCAST_PARTITION_GROUP + " is zone, but this member's zone is unknown ("
					+ ClusterPropertyRules.ZONE + ", env"
					+ " CLUSTER_ZONE, is empty): it forms a group of its own, named after "
					+ ((this.node != null) ? "its node " + this.node : "itself")
					+ ", and still joins. Set CLUSTER_ZONE from the pod label topology.kubernetes.io/zone through the"
					+ " downward API (Kubernetes 1.35+ copies it from the Node), or set " + ClusterPropertyRules.ZONE
					+ " (with kubernetes-api discovery, a member takes it from its EndpointSlice entry, which has it"
					+ " when the pod's Node has that label).";
		}
		if (this.grouping == PartitionGrouping.NODE && this.node == null) {
			return ClusterPropertyRules.HAZELCAST_PARTITION_GROUP + " is node, but this member's node is unknown ("
					+ ClusterPropertyRules.NODE + ", env"
					+ " CLUSTER_NODE, is empty): it forms a group of its own and still joins. Set CLUSTER_NODE from"
					+ " spec.nodeName through the downward API, or set " + ClusterPropertyRules.NODE + ".";
		}
		return null;
	}

}
