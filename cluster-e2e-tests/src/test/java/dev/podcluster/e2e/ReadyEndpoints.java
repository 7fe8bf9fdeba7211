package dev.podcluster.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * The ready endpoints of one Service, followed through the watch of its EndpointSlices
 * ({@code kubernetes.io/service-name=<service>}): what kube-proxy routes the Service's
 * traffic to. Keeps the smallest number seen and every change, for the report.
 */
final class ReadyEndpoints implements AutoCloseable {

	private final Map<String, Set<String>> bySlice = new HashMap<>();

	private final List<String> changes = new ArrayList<>();

	private final long start = System.nanoTime();

	private final KubeWatch watch;

	private int minimum = Integer.MAX_VALUE;

	private int last = -1;

	/**
	 * Start following a Service's ready endpoints.
	 * @param bed the bed
	 * @param namespace the Service's namespace
	 * @param service the Service's name
	 * @return the running watch
	 */
	static ReadyEndpoints watch(KubeBed bed, String namespace, String service) {
		return new ReadyEndpoints(bed, namespace, service);
	}

	private ReadyEndpoints(KubeBed bed, String namespace, String service) {
		this.watch = KubeWatch.start(bed, "endpointslices-" + service,
				List.of("-n", namespace, "endpointslices", "-l", "kubernetes.io/service-name=" + service),
				this::accept);
	}

	private synchronized void accept(KubeWatch.Event event) {
		if ("DELETED".equals(event.type())) {
			this.bySlice.remove(event.name());
		}
		else {
			this.bySlice.put(event.name(), ready(event.object()));
		}
		Set<String> all = new TreeSet<>();
		this.bySlice.values().forEach(all::addAll);
		if (all.size() != this.last) {
			this.last = all.size();
			this.minimum = Math.min(this.minimum, all.size());
			this.changes
				.add(String.format("+%.1fs %d ready %s", (System.nanoTime() - this.start) / 1e9, all.size(), all));
		}
	}

	private static Set<String> ready(JsonNode slice) {
		Set<String> ready = new TreeSet<>();
		for (JsonNode endpoint : slice.path("endpoints").values()) {
			if (endpoint.path("conditions").path("ready").asBoolean(false)) {
				endpoint.path("addresses").values().forEach((address) -> ready.add(address.asString()));
			}
		}
		return ready;
	}

	/** The number of ready endpoints now. */
	synchronized int current() {
		return Math.max(this.last, 0);
	}

	/**
	 * Count the smallest number from now on (the watch lists the slices one by one when
	 * it starts: call this once it has seen them all).
	 */
	synchronized void measureFromNow() {
		this.minimum = current();
		this.changes
			.add(String.format("+%.1fs measuring from %d ready", (System.nanoTime() - this.start) / 1e9, current()));
	}

	/**
	 * The smallest number of ready endpoints since {@link #measureFromNow()}.
	 * @throws AssertionError when the watch stopped before now
	 */
	synchronized int minimum() {
		this.watch.assertWatching();
		return this.minimum;
	}

	/** Every change of the number of ready endpoints, with its time since the start. */
	synchronized List<String> changes() {
		return List.copyOf(this.changes);
	}

	@Override
	public void close() throws InterruptedException {
		this.watch.close();
	}

}
