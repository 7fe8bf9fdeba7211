package dev.podcluster.actuate;

import java.util.List;
import java.util.Map;

import dev.podcluster.membership.PodDeletionCostStatus;
import dev.podcluster.membership.SplitBrainProtectionStatus;
import org.jspecify.annotations.Nullable;

/**
 * The {@code /actuator/cluster} answer: this node, the members, and discovery.
 *
 * @param clusterName the cluster name
 * @param state the Hazelcast cluster state, or {@code NOT_RUNNING}
 * @param size the number of members
 * @param expectedMembers the configured number of expected members
 * @param local this node
 * @param members the members, oldest first
 * @param discovery what discovery knows
 * @param zones members per zone, or {@code null} when this member does not group its
 * partitions by zone
 * @param zoneWarning why a backup may share its primary's zone, or {@code null}
 * @param revisions members per workload revision, among the members that know theirs:
 * more than one while a rollout is under way (or stalled)
 * @param splitBrainProtection the split-brain protection's minimum and whether this
 * member's side has it, or {@code null} when protection is off
 * @param refusedJoin the last join refused for another Hazelcast minor version, or
 * {@code null}
 * @param podDeletionCost the deletion cost on this member's pod, or {@code null} when
 * {@code cluster.kubernetes.pod-deletion-cost.enabled} is off
 * @since 0.1.0
 */
public record ClusterDescriptor(String clusterName, String state, int size, int expectedMembers, Local local,
		List<Member> members, Discovery discovery, @Nullable Map<String, Integer> zones, @Nullable String zoneWarning,
		Map<String, Integer> revisions, @Nullable SplitBrainProtectionStatus splitBrainProtection,
		@Nullable RefusedJoin refusedJoin, @Nullable PodDeletionCostStatus podDeletionCost) {

	/**
	 * A join refused because the member asking runs another Hazelcast minor version.
	 *
	 * @param joiningVersion the Hazelcast version of the member that asked to join
	 * @param clusterVersion the cluster's Hazelcast version ({@code major.minor})
	 * @param thisMember whether this member was refused
	 * @param at when (ISO-8601)
	 * @param reason what happened and what it means
	 */
	public record RefusedJoin(String joiningVersion, String clusterVersion, boolean thisMember, String at,
			String reason) {

	}

	/**
	 * This node.
	 *
	 * @param name the node name
	 * @param address the address Hazelcast listens on ({@code ip:port}), or the bind
	 * address while not running
	 * @param namingMode how the name was chosen
	 * @param uuid this member's Hazelcast UUID, or {@code null} while not running
	 * @param joinedAt when this member joined (ISO-8601), or {@code null} while not
	 * running
	 * @param ageSeconds seconds since this member joined
	 */
	public record Local(String name, String address, String namingMode, @Nullable String uuid,
			@Nullable String joinedAt, long ageSeconds) {

	}

	/**
	 * A member.
	 *
	 * @param name the node name
	 * @param address the address, {@code ip:port}
	 * @param uuid the Hazelcast UUID
	 * @param local whether it is this node
	 * @param oldest whether it is the oldest member
	 * @param joinedAt when this node first saw it in the cluster (ISO-8601)
	 * @param zone the zone it runs in, or {@code null} when it does not know
	 * @param node the Kubernetes node it runs on, or {@code null} when it does not know
	 * @param partitionGroup what its partition group is named after: {@code zone},
	 * {@code node}, {@code member} or {@code none}
	 * @param revision the revision of the workload it runs, or {@code null} when it does
	 * not know
	 * @param attributes the member attributes
	 */
	public record Member(@Nullable String name, String address, String uuid, boolean local, boolean oldest,
			String joinedAt, @Nullable String zone, @Nullable String node, @Nullable String partitionGroup,
			@Nullable String revision, Map<String, String> attributes) {

	}

	/**
	 * Discovery.
	 *
	 * @param mode the discovery mode
	 * @param query what is looked up
	 * @param seeds the seeds handed to Hazelcast, {@code ip:port}
	 * @param records the records of the last good answer
	 * @param skipped what the last good answer held but could not be used
	 * @param lastLookup when the last lookup ended (ISO-8601), or {@code null}
	 * @param lastLookupMillis how long it took
	 * @param lastSuccess when the last good answer came, or {@code null}
	 * @param nextLookup when the next lookup runs, or {@code null}
	 * @param consecutiveFailures failed lookups since the last good answer
	 * @param error why the last lookup failed, or {@code null}
	 * @param fix the likely fix for that failure, or {@code null}
	 * @param selfListed when an answer first listed this member's own address (ISO-8601),
	 * or {@code null} while none has
	 * @param seedsNotJoined seeds where no member of this cluster listens
	 * @param membersNotDiscovered members whose address discovery does not know
	 */
	public record Discovery(String mode, String query, List<String> seeds, List<String> records, List<String> skipped,
			@Nullable String lastLookup, long lastLookupMillis, @Nullable String lastSuccess,
			@Nullable String nextLookup, int consecutiveFailures, @Nullable String error, @Nullable String fix,
			@Nullable String selfListed, List<String> seedsNotJoined, List<String> membersNotDiscovered) {

	}

}
