package dev.podcluster.e2e;

import java.time.Duration;

/**
 * Measured times, one greppable line each:
 * {@code E2E-TIMING scenario=... metric=... ms=...}.
 */
final class Timing {

	private Timing() {
	}

	static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	static void report(String scenario, String metric, Duration duration) {
		System.out.printf("E2E-TIMING scenario=%s metric=%s ms=%d%n", scenario, metric, duration.toMillis());
	}

}
