package dev.podcluster.membership;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.podcluster.hazelcast.MemberAttributes;
import org.jspecify.annotations.Nullable;

/**
 * One member as the cluster sees it.
 *
 * @param name the member's node name ({@code null} for a member without this starter)
 * @param address the member's address, {@code ip:port}
 * @param uuid the member's Hazelcast UUID
 * @param local whether it is this node
 * @param oldest whether it is the oldest member (the master)
 * @param joinedAt when this node first saw it in the cluster
 * @param attributes all member attributes
 * @since 0.1.0
 */
public record ClusterMember(@Nullable String name, String address, UUID uuid, boolean local, boolean oldest,
		Instant joinedAt, Map<String, String> attributes) {

	/**
	 * Returns the zone the member runs in.
	 * @return the zone, or {@code null} when the member does not know it
	 */
	public @Nullable String zone() {
		return this.attributes.get(MemberAttributes.ZONE);
	}

	/**
	 * Returns the Kubernetes node the member runs on.
	 * @return the node, or {@code null} when the member does not know it
	 */
	public @Nullable String node() {
		return this.attributes.get(MemberAttributes.NODE);
	}

	/**
	 * Returns the revision of the workload the member runs.
	 * @return the revision, or {@code null} when the member does not know it
	 */
	public @Nullable String revision() {
		return this.attributes.get(MemberAttributes.REVISION);
	}

	/**
	 * Returns what the member's partition group is named after: {@code zone},
	 * {@code node}, {@code member} or {@code none}.
	 * @return the grouping, or {@code null} for a member without this starter
	 */
	public @Nullable String partitionGroup() {
		return this.attributes.get(MemberAttributes.PARTITION_GROUP);
	}

}
