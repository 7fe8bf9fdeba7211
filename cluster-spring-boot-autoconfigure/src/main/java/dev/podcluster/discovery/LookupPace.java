package dev.podcluster.discovery;

import java.time.Duration;

/**
 * How long to wait before the next lookup: the answer's TTL between the bounds while
 * lookups succeed, a doubling back-off while they fail. Time is an input here, never a
 * wait.
 *
 * @param minInterval the shortest time between lookups, however short the answer's TTL
 * @param interval the longest time between lookups while they succeed
 */
record LookupPace(Duration minInterval, Duration interval) {

	/**
	 * The longest wait between failed lookups (unless the poll interval is longer): a
	 * failing DNS server is asked once per member every 15 s, and discovery is back at
	 * most 15 s after it is.
	 */
	static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

	LookupPace {
		if (minInterval.compareTo(interval) > 0) {
			throw new IllegalArgumentException(
					"minInterval " + minInterval + " must not be longer than interval " + interval);
		}
	}

	/**
	 * Returns the wait after a good answer: its TTL (CoreDNS: 5 s) between the bounds; a
	 * source without TTL polls at the interval.
	 * @param ttl the answer's TTL, zero when it has none
	 * @return the wait
	 */
	Duration afterAnswer(Duration ttl) {
		if (ttl.isZero() || ttl.compareTo(this.interval) > 0) {
			return this.interval;
		}
		return (ttl.compareTo(this.minInterval) < 0) ? this.minInterval : ttl;
	}

	/**
	 * Returns the wait after consecutive failed lookups: the interval, doubled with each
	 * further failure, up to {@link #MAX_BACKOFF} or the interval when that is longer.
	 * @param failures the failed lookups since the last good answer, at least one
	 * @return the wait
	 */
	Duration afterFailures(int failures) {
		Duration delay = this.interval.multipliedBy(1L << Math.min(failures - 1, 10));
		Duration cap = (this.interval.compareTo(MAX_BACKOFF) > 0) ? this.interval : MAX_BACKOFF;
		return (delay.compareTo(cap) > 0) ? cap : delay;
	}

}
