package dev.podcluster.membership;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the cluster view once every listener is registered, so an application hears
 * whether it starts as the oldest member; stops it first on shutdown, so a cluster
 * singleton stops before the member leaves.
 */
final class ClusterViewLifecycle implements SmartLifecycle {

	private final ClusterView view;

	private final ObjectProvider<MembershipObserver> observers;

	private volatile boolean running;

	ClusterViewLifecycle(ClusterView view, ObjectProvider<MembershipObserver> observers) {
		this.view = view;
		this.observers = observers;
	}

	@Override
	public void start() {
		this.view.start(this.observers.orderedStream().toList());
		this.running = true;
	}

	@Override
	public void stop() {
		this.view.close();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Highest phase: started last, stopped first, before the web server stops taking
		// requests.
		return DEFAULT_PHASE;
	}

}
