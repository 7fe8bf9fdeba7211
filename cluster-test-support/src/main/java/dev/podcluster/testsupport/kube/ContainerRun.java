package dev.podcluster.testsupport.kube;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateTerminatedBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import org.jspecify.annotations.Nullable;

/**
 * One container of a pod over its runs: its process, state, probes and restarts, as
 * kubelet tracks them.
 */
final class ContainerRun {

	private final Container spec;

	private final boolean init;

	private final RestartBackoff backoff = new RestartBackoff();

	private final Map<ProbeTracker, CompletableFuture<ProbeRunner.Result>> probesInFlight = new HashMap<>();

	private int restartCount;

	private int runs;

	private @Nullable LaunchedContainer launched;

	private @Nullable Process process;

	private @Nullable Instant startedAt;

	private @Nullable ContainerStateTerminated terminated;

	private @Nullable ContainerStateTerminated lastTerminated;

	private String waitingReason;

	private @Nullable String waitingMessage;

	private Instant notBefore = Instant.EPOCH;

	private boolean started;

	private boolean ready;

	private boolean stopping;

	private boolean done;

	private @Nullable ProbeTracker startupProbe;

	private @Nullable ProbeTracker readinessProbe;

	private @Nullable ProbeTracker livenessProbe;

	ContainerRun(Container spec, boolean init, String waitingReason) {
		this.spec = spec;
		this.init = init;
		this.waitingReason = waitingReason;
	}

	Container spec() {
		return this.spec;
	}

	boolean init() {
		return this.init;
	}

	String name() {
		return this.spec.getName();
	}

	boolean running() {
		return this.process != null;
	}

	boolean succeeded() {
		return this.terminated != null && this.terminated.getExitCode() == 0;
	}

	/** Whether the container will not run again (it completed, or the pod stops). */
	boolean done() {
		return this.done;
	}

	boolean stopping() {
		return this.stopping;
	}

	boolean ready() {
		return this.ready;
	}

	/**
	 * Whether it may be started (again) at {@code now}: not running, not done, past its
	 * back-off.
	 */
	boolean due(Instant now) {
		return this.process == null && !this.done && !now.isBefore(this.notBefore);
	}

	/** The restart count its next run gets, as kubelet counts: 0 for the first run. */
	int nextRestartCount() {
		return (this.runs == 0) ? 0 : this.restartCount + 1;
	}

	/** The current (or last) run, null before the first. */
	@Nullable LaunchedContainer launched() {
		return this.launched;
	}

	@Nullable Process process() {
		return this.process;
	}

	@Nullable ProbeTracker startupProbe() {
		return this.startupProbe;
	}

	@Nullable ProbeTracker readinessProbe() {
		return this.readinessProbe;
	}

	@Nullable ProbeTracker livenessProbe() {
		return this.livenessProbe;
	}

	@Nullable ContainerStateTerminated terminated() {
		return this.terminated;
	}

	@Nullable ContainerStateTerminated lastTerminated() {
		return this.lastTerminated;
	}

	boolean started() {
		return this.started;
	}

	String containerId() {
		return (this.process != null) ? "kube-bed://" + this.process.pid() : "";
	}

	void waiting(String reason, @Nullable String message) {
		this.waitingReason = reason;
		this.waitingMessage = message;
	}

	/**
	 * It could not be started: wait with this reason, try again from {@code retryAt}.
	 * @param reason the waiting reason
	 * @param message what went wrong
	 * @param retryAt when to try again
	 */
	void notStarted(String reason, @Nullable String message, Instant retryAt) {
		waiting(reason, message);
		this.notBefore = retryAt;
	}

	/**
	 * A new run of it started: its probes begin, the previous termination is over.
	 * @param run the started process and what it runs in
	 * @param now when it started
	 */
	void launched(LaunchedContainer run, Instant now) {
		this.launched = run;
		this.process = run.process();
		this.restartCount = run.restartCount();
		this.runs++;
		this.startedAt = now;
		this.terminated = null;
		this.waitingMessage = null;
		this.startupProbe = tracker(this.spec.getStartupProbe(), now);
		this.readinessProbe = tracker(this.spec.getReadinessProbe(), now);
		this.livenessProbe = tracker(this.spec.getLivenessProbe(), now);
		this.started = this.startupProbe == null;
		this.ready = this.started && this.readinessProbe == null && !this.init;
	}

	private static @Nullable ProbeTracker tracker(@Nullable Probe probe, Instant now) {
		return (probe != null) ? new ProbeTracker(probe, now) : null;
	}

	/**
	 * Its startup probe succeeded: readiness and liveness probes start now.
	 * @param now when
	 */
	void startupSucceeded(Instant now) {
		this.started = true;
		if (this.readinessProbe != null) {
			this.readinessProbe.startNow(now);
		}
		if (this.livenessProbe != null) {
			this.livenessProbe.startNow(now);
		}
	}

	void ready(boolean ready) {
		this.ready = ready;
	}

	/** It is being stopped (SIGTERM sent or about to be): not ready any more. */
	void beginStop() {
		this.stopping = true;
		this.ready = false;
	}

	/** The pod stops: it will not run again. */
	void markDone() {
		this.done = true;
	}

	/**
	 * It ended for good.
	 * @param termination how its last run ended
	 */
	void finished(ContainerStateTerminated termination) {
		this.terminated = termination;
		this.done = true;
	}

	/**
	 * It ended and runs again from {@code restartAt} (the back-off after its last start).
	 * @param termination how its last run ended
	 * @param now when the end was seen
	 * @return when it may start again
	 */
	Instant restartAfter(ContainerStateTerminated termination, Instant now) {
		this.lastTerminated = termination;
		this.terminated = null;
		this.notBefore = this.backoff.next((this.startedAt != null) ? this.startedAt : now, now);
		return this.notBefore;
	}

	/** The pod stops while it waits to restart: its last termination is its state. */
	void keepLastTermination() {
		if (this.process == null && this.terminated == null && this.lastTerminated != null) {
			this.terminated = this.lastTerminated;
		}
	}

	/**
	 * The result of a probe started earlier, null if none runs.
	 * @param tracker the probe
	 * @return the probe in flight
	 */
	@Nullable CompletableFuture<ProbeRunner.Result> probeInFlight(ProbeTracker tracker) {
		return this.probesInFlight.get(tracker);
	}

	void probeStarted(ProbeTracker tracker, CompletableFuture<ProbeRunner.Result> result) {
		this.probesInFlight.put(tracker, result);
	}

	void probeEnded(ProbeTracker tracker) {
		this.probesInFlight.remove(tracker);
	}

	/**
	 * Record that the process ended.
	 * @param exitCode its exit status (128 + signal when killed by one)
	 * @param now when it was seen
	 * @return the termination
	 */
	ContainerStateTerminated exited(int exitCode, Instant now) {
		ContainerStateTerminated termination = new ContainerStateTerminatedBuilder().withExitCode(exitCode)
			.withReason((exitCode == 0) ? "Completed" : "Error")
			.withStartedAt(Times.format(this.startedAt))
			.withFinishedAt(Times.format(now))
			.withContainerID(containerId())
			.build();
		this.process = null;
		this.stopping = false;
		this.started = false;
		this.ready = false;
		this.startupProbe = null;
		this.readinessProbe = null;
		this.livenessProbe = null;
		this.probesInFlight.values().forEach((probe) -> probe.cancel(true));
		this.probesInFlight.clear();
		return termination;
	}

	/**
	 * The container's status as kubelet reports it.
	 * @return the status
	 */
	ContainerStatus status() {
		String image = this.spec.getImage();
		ContainerState state;
		if (this.process != null) {
			state = new ContainerStateBuilder().withNewRunning()
				.withStartedAt(Times.format(this.startedAt))
				.endRunning()
				.build();
		}
		else if (this.terminated != null) {
			state = new ContainerStateBuilder().withTerminated(this.terminated).build();
		}
		else {
			state = new ContainerStateBuilder().withNewWaiting()
				.withReason(this.waitingReason)
				.withMessage(this.waitingMessage)
				.endWaiting()
				.build();
		}
		ContainerStatusBuilder status = new ContainerStatusBuilder().withName(name())
			.withImage(image)
			.withImageID((this.launched != null) ? this.launched.imageId() : "")
			.withReady(this.ready || (this.init && succeeded()))
			.withStarted(this.process != null && this.started)
			.withRestartCount(this.restartCount)
			.withState(state);
		if (this.process != null) {
			status.withContainerID(containerId());
		}
		else if (this.terminated != null) {
			status.withContainerID(this.terminated.getContainerID());
		}
		if (this.lastTerminated != null) {
			status.withNewLastState().withTerminated(this.lastTerminated).endLastState();
		}
		else {
			status.withNewLastState().endLastState();
		}
		return status.build();
	}

}
