package dev.podcluster.event;

import dev.podcluster.membership.ClusterMember;

/**
 * This member became the oldest member: the one place to run a cluster singleton.
 *
 * @since 0.1.0
 */
public final class BecameOldestEvent extends ClusterMemberEvent {

	public BecameOldestEvent(Object source, ClusterMember member) {
		super(source, member);
	}

}
