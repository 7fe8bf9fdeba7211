package dev.podcluster.sample;

import dev.podcluster.event.BecameOldestEvent;
import dev.podcluster.event.StoppedBeingOldestEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Whether this member is the oldest of the cluster, the one that runs the cluster
 * singleton: the starter says so with events, and says it stopped being the oldest before
 * this member leaves.
 */
@Component
class OldestMember {

	private volatile boolean oldest;

	@EventListener
	void on(BecameOldestEvent event) {
		this.oldest = true;
	}

	@EventListener
	void on(StoppedBeingOldestEvent event) {
		this.oldest = false;
	}

	boolean isThisMember() {
		return this.oldest;
	}

}
