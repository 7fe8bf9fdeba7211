package dev.podcluster.event;

import dev.podcluster.membership.ClusterMember;

/**
 * This member stopped being the oldest, or is shutting down while it was: stop the
 * cluster singleton.
 *
 * @since 0.1.0
 */
public final class StoppedBeingOldestEvent extends ClusterMemberEvent {

	public StoppedBeingOldestEvent(Object source, ClusterMember member) {
		super(source, member);
	}

}
