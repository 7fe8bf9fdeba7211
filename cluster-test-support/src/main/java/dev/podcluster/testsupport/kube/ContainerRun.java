package dev.podcluster.testsupport.kube;

import java.nio.file.Path;
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
import org.jspecify.annotations.Nullable;

/**
 * One container of a pod over its runs: its process, state, probes and restarts, as
 * kubelet tracks them.
 */
final class ContainerRun {

	final Container spec;

	final boolean init;

	int restartCount;

	int runs;

	@Nullable Process process;

	@Nullable Instant startedAt;

	@Nullable ContainerScript script;

	@Nullable Path directory;

	@Nullable Path log;

	@Nullable ContainerStateTerminated terminated;

	@Nullable ContainerStateTerminated lastTerminated;

	String waitingReason;

	@Nullable String waitingMessage;

	Instant notBefore = Instant.EPOCH;

	final RestartBackoff backoff = new RestartBackoff();

	boolean started;

	boolean ready;

	boolean stopping;

	/** Whether the container will not run again (it completed, or the pod stops). */
	boolean done;

	@Nullable String imageId;

	@Nullable ProbeTracker startupProbe;

	@Nullable ProbeTracker readinessProbe;

	@Nullable ProbeTracker livenessProbe;

	final Map<ProbeTracker, CompletableFuture<ProbeRunner.Result>> probesInFlight = new HashMap<>();

	ContainerRun(Container spec, boolean init, String waitingReason) {
		this.spec = spec;
		this.init = init;
		this.waitingReason = waitingReason;
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

	String containerId() {
		return (this.process != null) ? "kube-bed://" + this.process.pid() : "";
	}

	void waiting(String reason, @Nullable String message) {
		this.waitingReason = reason;
		this.waitingMessage = message;
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
	 * @param image the image as the spec names it
	 * @return the status
	 */
	ContainerStatus status(String image) {
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
			.withImageID((this.imageId != null) ? this.imageId : "")
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
