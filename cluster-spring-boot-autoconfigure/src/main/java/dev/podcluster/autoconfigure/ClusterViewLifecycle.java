package dev.podcluster.autoconfigure;

import dev.podcluster.hazelcast.ClusterView;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the cluster view once every listener is registered, so an application hears whether it starts as the oldest
 * member; stops it first on shutdown, so a cluster singleton stops before the member leaves.
 */
class ClusterViewLifecycle implements SmartLifecycle {

	private final ClusterView view;

	private volatile boolean running;

	ClusterViewLifecycle(ClusterView view) {
		this.view = view;
	}

	@Override
	public void start() {
		this.view.start();
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
		// Highest phase: started last, stopped first, before the web server stops taking requests.
		return DEFAULT_PHASE;
	}

}
