package dev.podcluster.actuate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.podcluster.hazelcast.MemberAttributes;
import dev.podcluster.membership.ClusterMember;
import org.jspecify.annotations.Nullable;

/**
 * How the members spread over zones, when this member groups its partitions by zone, and
 * why backups may not be kept out of their primary's zone.
 *
 * @param zones members per zone
 * @param withoutZone names of the members that do not know their zone
 * @param warning why a backup may share its primary's zone, or {@code null} when none can
 */
record ZoneSpread(Map<String, Integer> zones, List<String> withoutZone, @Nullable String warning) {

	/**
	 * Returns the spread, or {@code null} when this member does not group by zone.
	 * @param members the members, this one among them
	 * @return the spread, or {@code null}
	 */
	static @Nullable ZoneSpread of(List<ClusterMember> members) {
		ClusterMember local = members.stream().filter(ClusterMember::local).findFirst().orElse(null);
		if (local == null || !MemberAttributes.PARTITION_GROUP_BY_ZONE.equals(local.partitionGroup())) {
			return null;
		}
		Map<String, Integer> zones = new TreeMap<>();
		members.stream()
			.map(ClusterMember::zone)
			.filter((zone) -> zone != null)
			.forEach((zone) -> zones.merge(zone, 1, Integer::sum));
		List<String> withoutZone = members.stream()
			.filter((member) -> member.zone() == null)
			.map((member) -> String.valueOf((member.name() != null) ? member.name() : member.address()))
			.toList();
		return new ZoneSpread(zones, withoutZone, warning(members.size(), zones, withoutZone));
	}

	private static @Nullable String warning(int size, Map<String, Integer> zones, List<String> withoutZone) {
		if (!withoutZone.isEmpty()) {
			return "members without a zone (" + String.join(", ", withoutZone) + ") each form a group of their own"
					+ " (by node, else by member), so a backup on one of them may share its primary's zone: set"
					+ " CLUSTER_ZONE on every pod from the label topology.kubernetes.io/zone (with kubernetes-api"
					+ " discovery, a member takes it from its EndpointSlice entry, which has it when the pod's Node has"
					+ " that label)";
		}
		if (size > 1 && zones.size() == 1) {
			return "all " + size + " members are in zone " + zones.keySet().iterator().next()
					+ ", so no backup is kept outside its primary's zone (Hazelcast still keeps it on another member):"
					+ " spread the pods over zones (topologySpreadConstraints on topology.kubernetes.io/zone)";
		}
		return null;
	}

}
