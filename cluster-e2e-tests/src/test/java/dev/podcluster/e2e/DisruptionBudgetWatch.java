package dev.podcluster.e2e;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A PodDisruptionBudget's status, followed through a watch: the disruption controller's
 * count of healthy (Ready) pods against the number the budget requires. Keeps the
 * smallest margin seen and every change, for the report.
 */
final class DisruptionBudgetWatch implements AutoCloseable {

	private final List<String> changes = new ArrayList<>();

	private final long start = System.nanoTime();

	private final KubeWatch watch;

	private int smallestMargin = Integer.MAX_VALUE;

	private int smallestHealthy = Integer.MAX_VALUE;

	private String last = "";

	static DisruptionBudgetWatch watch(KubeBed bed, String namespace, String name) {
		return new DisruptionBudgetWatch(bed, namespace, name);
	}

	private DisruptionBudgetWatch(KubeBed bed, String namespace, String name) {
		this.watch = KubeWatch.start(bed, "pdb-" + name,
				List.of("-n", namespace, "poddisruptionbudget", "--field-selector", "metadata.name=" + name),
				this::accept);
	}

	private synchronized void accept(KubeWatch.Event event) {
		JsonNode status = event.object().path("status");
		if (status.path("desiredHealthy").isMissingNode()) {
			return;
		}
		int healthy = status.path("currentHealthy").asInt();
		int desired = status.path("desiredHealthy").asInt();
		this.smallestMargin = Math.min(this.smallestMargin, healthy - desired);
		this.smallestHealthy = Math.min(this.smallestHealthy, healthy);
		String now = "healthy " + healthy + " of " + status.path("expectedPods").asInt() + ", desired " + desired
				+ ", disruptions allowed " + status.path("disruptionsAllowed").asInt();
		if (!now.equals(this.last)) {
			this.last = now;
			this.changes.add(String.format("+%.1fs %s", (System.nanoTime() - this.start) / 1e9, now));
		}
	}

	/**
	 * The smallest number of healthy pods minus the number the budget requires: negative
	 * when the budget was violated.
	 * @throws AssertionError when the watch stopped or saw no status
	 */
	synchronized int smallestMargin() {
		this.watch.assertWatching();
		if (this.smallestMargin == Integer.MAX_VALUE) {
			throw new AssertionError("The watch saw no status of the PodDisruptionBudget");
		}
		return this.smallestMargin;
	}

	/** The status now, as {@link #changes()} lists it, empty until the first one. */
	synchronized String current() {
		return this.last;
	}

	/** The smallest number of healthy pods seen. */
	synchronized int smallestHealthy() {
		return this.smallestHealthy;
	}

	/** Every change of the status, with its time since the start. */
	synchronized List<String> changes() {
		return List.copyOf(this.changes);
	}

	@Override
	public void close() throws InterruptedException {
		this.watch.close();
	}

}
