package dev.podcluster.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The endpoints of one Service's EndpointSlices that are terminating and still serving (a
 * pod being deleted that is still Ready, as during its preStop hook), followed through a
 * watch. The first time each address shows so, its pod is asked, there and then, what
 * cluster it is in: the proof that it was a member while the slices listed it so.
 */
final class TerminatingEndpoints implements AutoCloseable {

	private final Map<String, String> seen = new LinkedHashMap<>();

	private final Map<String, ClusterView> viewsWhenSeen = new LinkedHashMap<>();

	private final List<String> problems = new ArrayList<>();

	private final long start = System.nanoTime();

	private final KubeWatch watch;

	static TerminatingEndpoints watch(KubeBed bed, String namespace, String service) {
		return new TerminatingEndpoints(bed, namespace, service);
	}

	private TerminatingEndpoints(KubeBed bed, String namespace, String service) {
		this.watch = KubeWatch.start(bed, "terminating-endpointslices-" + service,
				List.of("-n", namespace, "endpointslices", "-l", "kubernetes.io/service-name=" + service),
				this::accept);
	}

	private synchronized void accept(KubeWatch.Event event) {
		if ("DELETED".equals(event.type())) {
			return;
		}
		for (JsonNode endpoint : event.object().path("endpoints").values()) {
			JsonNode conditions = endpoint.path("conditions");
			if (!conditions.path("terminating").asBoolean(false) || !conditions.path("serving").asBoolean(false)) {
				continue;
			}
			String pod = endpoint.path("targetRef").path("name").asString("");
			for (JsonNode value : endpoint.path("addresses").values()) {
				String ip = value.asString();
				if (this.seen.containsKey(ip)) {
					continue;
				}
				this.seen.put(ip, String.format("+%.1fs %s (%s) conditions %s", (System.nanoTime() - this.start) / 1e9,
						pod, ip, conditions));
				try {
					this.viewsWhenSeen.put(ip, new PodHttp(pod, ip).cluster());
				}
				catch (RuntimeException ex) {
					this.problems.add(pod + " (" + ip + ") did not answer once terminating: " + ex.getMessage());
				}
			}
		}
	}

	/**
	 * Each address seen terminating and serving, with its pod's own view at that moment.
	 * @throws AssertionError when the watch stopped before now
	 */
	synchronized Map<String, ClusterView> viewsWhenSeen() {
		this.watch.assertWatching();
		return Map.copyOf(this.viewsWhenSeen);
	}

	/** Each address seen terminating and serving: when, which pod, its conditions. */
	synchronized List<String> seen() {
		return List.copyOf(this.seen.values());
	}

	/** Pods that did not answer when first seen terminating. */
	synchronized List<String> problems() {
		return List.copyOf(this.problems);
	}

	@Override
	public void close() throws InterruptedException {
		this.watch.close();
	}

}
