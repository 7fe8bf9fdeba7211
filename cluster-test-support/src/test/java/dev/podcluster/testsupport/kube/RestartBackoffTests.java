package dev.podcluster.testsupport.kube;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestartBackoffTests {

	private final Instant start = Instant.parse("2026-12-02T00:00:00Z");

	@Test
	void firstRestartIsImmediateThenTenSecondsDoublingUpToFiveMinutes() {
		RestartBackoff backoff = new RestartBackoff();
		long[] expected = { 0, 10, 20, 40, 80, 160, 300, 300 };
		Instant now = this.start;
		for (long seconds : expected) {
			Instant next = backoff.next(now, now.plusSeconds(1));
			assertThat(Duration.between(now.plusSeconds(1), next)).hasSeconds(seconds);
			now = next;
		}
	}

	@Test
	void tenMinutesOfRunningResetsTheBackoff() {
		RestartBackoff backoff = new RestartBackoff();
		backoff.next(this.start, this.start.plusSeconds(1));
		backoff.next(this.start, this.start.plusSeconds(2));
		Instant finished = this.start.plus(Duration.ofMinutes(11));
		assertThat(backoff.next(this.start.plusSeconds(30), finished)).isEqualTo(finished);
	}

}
