package dev.podcluster.autoconfigure;

import dev.podcluster.event.BecameOldestEvent;
import dev.podcluster.event.MemberJoinedEvent;
import dev.podcluster.event.MemberLeftEvent;
import dev.podcluster.event.StoppedBeingOldestEvent;
import dev.podcluster.hazelcast.ClusterMember;
import dev.podcluster.hazelcast.MembershipObserver;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes membership changes as Spring application events.
 */
class MembershipEventPublisher implements MembershipObserver {

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
