package dev.podcluster.event;

import dev.podcluster.membership.ClusterMember;

/**
 * A member left the cluster, gracefully or because it stopped answering.
 *
 * @since 0.1.0
 */
public final class MemberLeftEvent extends ClusterMemberEvent {

	public MemberLeftEvent(Object source, ClusterMember member) {
		super(source, member);
	}

}
