package dev.podcluster.testsupport.kube;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Kubelet's crash-loop back-off for one container: the first restart is immediate, then
 * 10 s, doubling up to 5 min; a container that ran for 10 min before it stopped starts
 * over.
 */
final class RestartBackoff {

	static final Duration INITIAL = Duration.ofSeconds(10);

	static final Duration MAX = Duration.ofMinutes(5);

	static final Duration RESET_AFTER = Duration.ofMinutes(10);

	private @Nullable Duration current;

	/**
	 * Record that the container stopped and say when it may start again.
	 * @param started when the run that stopped had started
	 * @param finished when it stopped
	 * @return the earliest time of the next start
	 */
	Instant next(Instant started, Instant finished) {
		if (Duration.between(started, finished).compareTo(RESET_AFTER) >= 0) {
			this.current = null;
		}
		Duration delay = (this.current != null) ? this.current : Duration.ZERO;
		this.current = (this.current == null) ? INITIAL : min(this.current.multipliedBy(2), MAX);
		return finished.plus(delay);
	}

	/** The delay that the last {@link #next} applied. */
	Duration lastDelay() {
		if (this.current == null || this.current.equals(INITIAL)) {
			return Duration.ZERO;
		}
		return this.current.equals(MAX) ? MAX : this.current.dividedBy(2);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
