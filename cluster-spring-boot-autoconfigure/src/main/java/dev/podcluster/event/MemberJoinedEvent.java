package dev.podcluster.event;

import dev.podcluster.membership.ClusterMember;

/**
 * A member joined the cluster.
 *
 * @since 0.1.0
 */
public final class MemberJoinedEvent extends ClusterMemberEvent {

	public MemberJoinedEvent(Object source, ClusterMember member) {
		super(source, member);
	}

}
