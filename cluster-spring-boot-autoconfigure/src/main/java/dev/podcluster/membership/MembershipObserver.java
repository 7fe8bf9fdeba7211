package dev.podcluster.membership;

/**
 * Told of membership changes as {@link ClusterView} sees them.
 *
 * @since 0.1.0
 */
public interface MembershipObserver {

	/**
	 * A member joined.
	 * @param member the member
	 */
	default void joined(ClusterMember member) {
	}

	/**
	 * A member left.
	 * @param member the member
	 */
	default void left(ClusterMember member) {
	}

	/**
	 * This member became the oldest.
	 * @param local this member
	 */
	default void becameOldest(ClusterMember local) {
	}

	/**
	 * This member stopped being the oldest, or is leaving while it was.
	 * @param local this member
	 */
	default void stoppedBeingOldest(ClusterMember local) {
	}

}
