package dev.podcluster.testsupport.kube;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches pods bound to this agent's Nodes and gives each pod (by UID) its own worker: a
 * StatefulSet pod that comes back under the same name is another pod, started while its
 * predecessor may still be stopping.
 */
final class PodSupervisor implements ResourceEventHandler<Pod> {

	private static final Logger logger = LoggerFactory.getLogger(PodSupervisor.class);

	private final AgentContext context;

	private final Set<String> nodes;

	private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();

	private final Set<String> finishedUids = ConcurrentHashMap.newKeySet();

	private volatile boolean stopping;

	private SharedIndexInformer<Pod> informer;

	PodSupervisor(AgentContext context, Set<String> nodes) {
		this.context = context;
		this.nodes = nodes;
	}

	void start() {
		this.informer = this.context.client().pods().inAnyNamespace().inform(this, 0);
	}

	@Override
	public void onAdd(Pod pod) {
		handle(pod);
	}

	@Override
	public void onUpdate(Pod oldPod, Pod newPod) {
		handle(newPod);
	}

	@Override
	public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
		PodWorker worker = this.workers.get(pod.getMetadata().getUid());
		if (worker != null) {
			worker.forceDelete();
		}
	}

	private synchronized void handle(Pod pod) {
		if (this.stopping || pod.getSpec().getNodeName() == null || !this.nodes.contains(pod.getSpec().getNodeName())) {
			return;
		}
		String uid = pod.getMetadata().getUid();
		PodWorker worker = this.workers.get(uid);
		if (worker != null) {
			worker.update(pod);
			return;
		}
		if (this.finishedUids.contains(uid)) {
			return;
		}
		String phase = (pod.getStatus() != null) ? pod.getStatus().getPhase() : null;
		if (("Succeeded".equals(phase) || "Failed".equals(phase)) && pod.getMetadata().getDeletionTimestamp() == null) {
			// Already terminal (a previous agent ran it): nothing to run again.
			return;
		}
		logger.info("Pod {}/{} ({}) bound to {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid,
				pod.getSpec().getNodeName());
		PodWorker created = new PodWorker(this.context, pod);
		this.workers.put(uid, created);
		Thread thread = new Thread(() -> {
			try {
				created.run();
			}
			finally {
				this.finishedUids.add(uid);
				this.workers.remove(uid);
			}
		});
		thread.setDaemon(false);
		thread.start();
	}

	/**
	 * Stop every pod: containers get SIGTERM, then SIGKILL after a bounded wait;
	 * sandboxes are removed.
	 * @param bound how long to wait in all
	 */
	void stop(Duration bound) {
		synchronized (this) {
			this.stopping = true;
		}
		if (this.informer != null) {
			this.informer.stop();
		}
		this.workers.values().forEach(PodWorker::stopForShutdown);
		Instant deadline = Instant.now().plus(bound);
		while (!this.workers.isEmpty() && Instant.now().isBefore(deadline)) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		if (!this.workers.isEmpty()) {
			logger.warn("{} pods did not stop within {} s", this.workers.size(), bound.toSeconds());
		}
	}

}
