package dev.podcluster.testsupport.kube;

import java.time.Duration;
import java.time.Instant;

import io.fabric8.kubernetes.api.model.Probe;

/**
 * When one probe of a running container is due and what its results add up to, by its
 * thresholds.
 */
final class ProbeTracker {

	private final Probe probe;

	private final Instant containerStarted;

	private Instant nextRun;

	private int successes;

	private int failures;

	private boolean succeeded;

	private boolean failed;

	private String lastMessage = "";

	ProbeTracker(Probe probe, Instant containerStarted) {
		this.probe = probe;
		this.containerStarted = containerStarted;
		this.nextRun = containerStarted.plusSeconds(value(probe.getInitialDelaySeconds(), 0));
	}

	Probe probe() {
		return this.probe;
	}

	/**
	 * Make the next run due now at the earliest after the initial delay (the startup
	 * probe just passed).
	 */
	void startNow(Instant now) {
		Instant earliest = this.containerStarted.plusSeconds(value(this.probe.getInitialDelaySeconds(), 0));
		this.nextRun = (now.isAfter(earliest)) ? now : earliest;
	}

	boolean due(Instant now) {
		return !now.isBefore(this.nextRun);
	}

	Duration timeout() {
		return Duration.ofSeconds(Math.max(1, value(this.probe.getTimeoutSeconds(), 1)));
	}

	/**
	 * Record a result.
	 * @param success whether the probe passed
	 * @param message what it said
	 * @param now when it ended
	 */
	void record(boolean success, String message, Instant now) {
		this.lastMessage = message;
		this.nextRun = now.plusSeconds(Math.max(1, value(this.probe.getPeriodSeconds(), 10)));
		if (success) {
			this.failures = 0;
			this.successes++;
			if (this.successes >= Math.max(1, value(this.probe.getSuccessThreshold(), 1))) {
				this.succeeded = true;
				this.failed = false;
			}
		}
		else {
			this.successes = 0;
			this.failures++;
			if (this.failures >= Math.max(1, value(this.probe.getFailureThreshold(), 3))) {
				this.failed = true;
				this.succeeded = false;
			}
		}
	}

	/** Whether the probe passed (its success threshold reached, and not failed since). */
	boolean succeeded() {
		return this.succeeded;
	}

	/** Whether the probe failed (its failure threshold reached, and not passed since). */
	boolean failed() {
		return this.failed;
	}

	String lastMessage() {
		return this.lastMessage;
	}

	private static int value(Integer value, int defaultValue) {
		return (value != null) ? value : defaultValue;
	}

}
