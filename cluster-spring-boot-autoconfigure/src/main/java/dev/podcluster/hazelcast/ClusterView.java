package dev.podcluster.hazelcast;

import java.util.ArrayList;
import java.util.List;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import org.jspecify.annotations.Nullable;

/**
 * The cluster as this member sees it now: state and members with their node names, oldest first.
 *
 * @since 0.1.0
 */
public final class ClusterView {

	private final HazelcastInstance hazelcast;

	public ClusterView(HazelcastInstance hazelcast) {
		this.hazelcast = hazelcast;
	}

	/**
	 * Returns whether this member is running.
	 * @return whether the Hazelcast instance is running
	 */
	public boolean isRunning() {
		return this.hazelcast.getLifecycleService().isRunning();
	}

	/**
	 * Returns the cluster state, or {@code null} when this member is not running.
	 * @return the state
	 */
	public @Nullable ClusterState state() {
		try {
			return this.hazelcast.getCluster().getClusterState();
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	/**
	 * Returns the members, oldest first; empty when this member is not running.
	 * @return the members
	 */
	public List<ClusterMember> members() {
		List<ClusterMember> members = new ArrayList<>();
		try {
			Cluster cluster = this.hazelcast.getCluster();
			Member local = cluster.getLocalMember();
			boolean first = true;
			// Hazelcast keeps the member list in join order: the first is the oldest (the master).
			for (Member member : cluster.getMembers()) {
				members.add(new ClusterMember(member.getAttribute(MemberAttributes.NODE_NAME),
						member.getAddress().getHost() + ":" + member.getAddress().getPort(), member.getUuid(),
						member.getUuid().equals(local.getUuid()), first, member.getAttributes()));
				first = false;
			}
		}
		catch (HazelcastInstanceNotActiveException ex) {
			return List.of();
		}
		return members;
	}

}
