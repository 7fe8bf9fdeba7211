package dev.podcluster.discovery;

import java.time.Duration;

/**
 * Lookups a {@link SeedTracker} made since it started, by outcome.
 *
 * @param successes good answers
 * @param successTime time spent on them
 * @param failures failed lookups
 * @param failureTime time spent on them
 * @since 0.1.0
 */
public record LookupStatistics(long successes, Duration successTime, long failures, Duration failureTime) {

	static final LookupStatistics NONE = new LookupStatistics(0, Duration.ZERO, 0, Duration.ZERO);

	LookupStatistics add(Duration duration, boolean success) {
		return success
				? new LookupStatistics(this.successes + 1, this.successTime.plus(duration), this.failures,
						this.failureTime)
				: new LookupStatistics(this.successes, this.successTime, this.failures + 1,
						this.failureTime.plus(duration));
	}

}
