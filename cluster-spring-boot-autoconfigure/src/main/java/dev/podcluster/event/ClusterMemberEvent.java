package dev.podcluster.event;

import dev.podcluster.membership.ClusterMember;

import org.springframework.context.ApplicationEvent;

/**
 * Something happened to one member of the cluster.
 *
 * @since 0.1.0
 */
public abstract class ClusterMemberEvent extends ApplicationEvent {

	private final ClusterMember member;

	protected ClusterMemberEvent(Object source, ClusterMember member) {
		super(source);
		this.member = member;
	}

	/**
	 * Returns the member the event is about.
	 * @return the member
	 */
	public ClusterMember getMember() {
		return this.member;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.member.name() + " " + this.member.address() + "]";
	}

}
