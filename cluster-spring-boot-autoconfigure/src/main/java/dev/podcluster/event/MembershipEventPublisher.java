package dev.podcluster.event;

import dev.podcluster.membership.ClusterMember;
import dev.podcluster.membership.MembershipObserver;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes membership changes as the Spring application events of this package.
 *
 * @since 0.1.0
 */
final class MembershipEventPublisher implements MembershipObserver {

	private final ApplicationEventPublisher publisher;

	MembershipEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void joined(ClusterMember member) {
		this.publisher.publishEvent(new MemberJoinedEvent(this, member));
	}

	@Override
	public void left(ClusterMember member) {
		this.publisher.publishEvent(new MemberLeftEvent(this, member));
	}

	@Override
	public void becameOldest(ClusterMember local) {
		this.publisher.publishEvent(new BecameOldestEvent(this, local));
	}

	@Override
	public void stoppedBeingOldest(ClusterMember local) {
		this.publisher.publishEvent(new StoppedBeingOldestEvent(this, local));
	}

}
