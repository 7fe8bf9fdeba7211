package dev.podcluster.discovery;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LastKnownGoodSeedsTests {

	private final LastKnownGoodSeeds seeds = new LastKnownGoodSeeds(2);

	@Test
	void firstAnswerIsTakenAsItIs() {
		assertThat(this.seeds.update(List.of(seed(1), seed(2)))).containsExactly(seed(1), seed(2));
	}

	@Test
	void seedMissingFromFewerAnswersThanAllowedStays() {
		this.seeds.update(List.of(seed(1), seed(2)));
		assertThat(this.seeds.update(List.of(seed(1)))).containsExactly(seed(1), seed(2));
	}

	@Test
	void seedMissingFromAsManyAnswersAsAllowedIsDropped() {
		this.seeds.update(List.of(seed(1), seed(2)));
		this.seeds.update(List.of(seed(1)));
		assertThat(this.seeds.update(List.of(seed(1)))).containsExactly(seed(1));
	}

	@Test
	void seedBackInAnAnswerStartsCountingAgain() {
		this.seeds.update(List.of(seed(1), seed(2)));
		this.seeds.update(List.of(seed(1)));
		this.seeds.update(List.of(seed(1), seed(2)));
		assertThat(this.seeds.update(List.of(seed(1)))).containsExactly(seed(1), seed(2));
	}

	@Test
	void newSeedsFollowTheOnesKnown() {
		this.seeds.update(List.of(seed(2)));
		assertThat(this.seeds.update(List.of(seed(3), seed(1), seed(2)))).containsExactly(seed(2), seed(3), seed(1));
	}

	@Test
	void seedTakesTheNameOfTheLatestAnswer() {
		this.seeds.update(List.of(seed(1)));
		Seed renamed = new Seed("renamed", seed(1).address());
		assertThat(this.seeds.update(List.of(renamed))).extracting(Seed::name).containsExactly("renamed");
	}

	@Test
	void oneMissAllowedDropsAtTheFirstAnswerWithout() {
		LastKnownGoodSeeds strict = new LastKnownGoodSeeds(1);
		strict.update(List.of(seed(1), seed(2)));
		assertThat(strict.update(List.of(seed(2)))).containsExactly(seed(2));
	}

	private static Seed seed(int host) {
		return new Seed("app-" + host, new InetSocketAddress("10.244.0." + host, 5701));
	}

}
