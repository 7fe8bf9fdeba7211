package dev.podcluster.discovery;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LookupPaceTests {

	private final LookupPace pace = new LookupPace(Duration.ofSeconds(1), Duration.ofSeconds(5));

	@Test
	void answerWithoutTtlWaitsTheInterval() {
		assertThat(this.pace.afterAnswer(Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void answerTtlRulesBetweenTheBounds() {
		assertThat(this.pace.afterAnswer(Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
		assertThat(this.pace.afterAnswer(Duration.ofMillis(200))).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.pace.afterAnswer(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void failuresDoubleTheWaitUpToFifteenSeconds() {
		assertThat(this.pace.afterFailures(1)).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.pace.afterFailures(2)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.pace.afterFailures(3)).isEqualTo(Duration.ofSeconds(15));
		assertThat(this.pace.afterFailures(40)).isEqualTo(Duration.ofSeconds(15));
	}

	@Test
	void intervalLongerThanTheCapIsTheCap() {
		LookupPace slow = new LookupPace(Duration.ofSeconds(1), Duration.ofMinutes(1));
		assertThat(slow.afterFailures(3)).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void minimumLongerThanTheIntervalIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LookupPace(Duration.ofSeconds(10), Duration.ofSeconds(5)));
	}

}
