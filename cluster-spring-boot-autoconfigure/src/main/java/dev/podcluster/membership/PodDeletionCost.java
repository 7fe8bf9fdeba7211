package dev.podcluster.membership;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.podcluster.discovery.PodAnnotationException;
import dev.podcluster.discovery.PodAnnotator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Annotates this member's pod with {@value #ANNOTATION} when it is one of the oldest
 * members, the oldest highest, so that a ReplicaSet scaling down removes the younger pods
 * first and the oldest member (the master, where a cluster singleton runs) stays. Each
 * member annotates its own pod only: when membership changes, it works out its rank again
 * and patches its pod when the cost changed. A failed patch never touches the cluster: it
 * is logged, shown in {@code /actuator/cluster}, and tried again with back-off.
 *
 * @since 0.1.0
 */
public final class PodDeletionCost implements MembershipObserver, AutoCloseable {

	/** The annotation a ReplicaSet reads when it picks the pods to remove. */
	public static final String ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

	/** The oldest member's cost. */
	static final int HIGHEST = 10000;

	/**
	 * How much less each younger member's pod costs: a gap, so an operator can still put
	 * a pod between two members by hand.
	 */
	static final int STEP = 100;

	private static final Log logger = LogFactory.getLog(PodDeletionCost.class);

	private final ClusterView view;

	private final PodAnnotator annotator;

	private final int annotatedMembers;

	private final Duration firstRetry;

	private final Duration longestRetry;

	private final Clock clock;

	/** Runs every patch, one at a time, in order. */
	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "cluster-pod-deletion-cost");
		thread.setDaemon(true);
		return thread;
	});

	// The fields below change on the executor's thread only.

	/** Whether the pod's annotation is known: not before the first patch that worked. */
	private boolean known;

	/** The cost the pod carries, when known. */
	private @Nullable Integer annotated;

	private @Nullable ScheduledFuture<?> retry;

	private volatile PodDeletionCostStatus status;

	/**
	 * Creates the annotator of this member's pod; nothing is patched before
	 * {@link #start()}.
	 * @param view the cluster as this member sees it
	 * @param annotator patches this member's pod
	 * @param annotatedMembers how many of the oldest members annotate their pods
	 * @param firstRetry the wait before the first retry of a failed patch, doubled at
	 * each failure
	 * @param longestRetry the longest wait between retries
	 * @param clock the clock for the next attempt shown
	 */
	public PodDeletionCost(ClusterView view, PodAnnotator annotator, int annotatedMembers, Duration firstRetry,
			Duration longestRetry, Clock clock) {
		this.view = view;
		this.annotator = annotator;
		this.annotatedMembers = annotatedMembers;
		this.firstRetry = firstRetry;
		this.longestRetry = longestRetry;
		this.clock = clock;
		this.status = new PodDeletionCostStatus(annotator.pod(), null, false, 0, null, null, null);
	}

	/**
	 * Returns the cost of a member's pod.
	 * @param rank the member's place among the members, 0 for the oldest
	 * @param annotatedMembers how many of the oldest members annotate their pods
	 * @return the cost, or {@code null} when it is not one of them
	 */
	static @Nullable Integer costOf(int rank, int annotatedMembers) {
		return (rank >= 0 && rank < annotatedMembers) ? HIGHEST - rank * STEP : null;
	}

	/** Annotates the pod as this member's rank is now. */
	public void start() {
		update();
	}

	/**
	 * Returns where the annotation stands.
	 * @return the status
	 */
	public PodDeletionCostStatus status() {
		return this.status;
	}

	@Override
	public void joined(ClusterMember member) {
		update();
	}

	@Override
	public void left(ClusterMember member) {
		update();
	}

	@Override
	public void becameOldest(ClusterMember local) {
		update();
	}

	@Override
	public void stoppedBeingOldest(ClusterMember local) {
		update();
	}

	/** Patches soon, off the caller's thread (Hazelcast's event thread). */
	private void update() {
		try {
			this.executor.execute(this::apply);
		}
		catch (RejectedExecutionException ex) {
			// closed: the pod is going away
		}
	}

	private void apply() {
		if (this.retry != null) {
			this.retry.cancel(false);
			this.retry = null;
		}
		List<ClusterMember> members = this.view.members();
		int rank = members.stream().map(ClusterMember::local).toList().indexOf(true);
		if (rank < 0) {
			// not running (yet, or any more): nothing to rank
			return;
		}
		Integer cost = costOf(rank, this.annotatedMembers);
		if (this.known && Objects.equals(cost, this.annotated)) {
			return;
		}
		PodDeletionCostStatus before = this.status;
		try {
			this.annotator.annotate(ANNOTATION, (cost != null) ? cost.toString() : null);
			this.known = true;
			this.annotated = cost;
			this.status = new PodDeletionCostStatus(this.annotator.pod(), cost, true, 0, null, null, null);
			logger.info((cost != null)
					? "Pod " + this.annotator.pod() + " annotated " + ANNOTATION + "=" + cost + ": member " + (rank + 1)
							+ " of " + members.size() + " by age, a ReplicaSet scale-down removes it after the"
							+ " younger pods"
					: "Pod " + this.annotator.pod() + " carries no " + ANNOTATION + ": member " + (rank + 1) + " of "
							+ members.size() + " by age");
		}
		catch (PodAnnotationException ex) {
			failed(before, cost, String.valueOf(ex.getMessage()), ex.fix(), null);
		}
		catch (RuntimeException ex) {
			failed(before, cost, String.valueOf(ex), null, ex);
		}
	}

	/** Shows and logs a failed patch, and tries again later. */
	private void failed(PodDeletionCostStatus before, @Nullable Integer cost, String error, @Nullable String fix,
			@Nullable Throwable unexpected) {
		int failures = before.consecutiveFailures() + 1;
		Duration wait = backOff(failures);
		this.status = new PodDeletionCostStatus(this.annotator.pod(), cost, false, failures, error, fix,
				this.clock.instant().plus(wait));
		String message = "Could not annotate pod " + this.annotator.pod() + " with " + ANNOTATION + "="
				+ ((cost != null) ? cost : "(none)") + " (the cluster is not affected; trying again in "
				+ wait.toMillis() + " ms): " + error + ((fix != null) ? ". " + fix : "");
		// Once per kind of failure at WARN, not at every retry.
		if (failures == 1 || !error.equals(before.error())) {
			logger.warn(message, unexpected);
		}
		else {
			logger.debug(message, unexpected);
		}
		schedule(wait);
	}

	private void schedule(Duration wait) {
		try {
			this.retry = this.executor.schedule(this::apply, wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed meanwhile
		}
	}

	/** The wait before attempt {@code failures + 1}: doubled each time, up to a cap. */
	private Duration backOff(int failures) {
		Duration wait = this.firstRetry;
		for (int i = 1; i < failures && wait.compareTo(this.longestRetry) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.longestRetry) > 0) ? this.longestRetry : wait;
	}

	/**
	 * Stops patching. The annotation stays: the pod is going away, or the member has
	 * left, and a ReplicaSet still removes it last among its peers until it is gone.
	 */
	@Override
	public void close() {
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
