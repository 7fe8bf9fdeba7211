package dev.podcluster.hazelcast;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.hazelcast.cluster.Address;
import dev.podcluster.discovery.Seed;
import dev.podcluster.hazelcast.FirstJoinDecision.Offer;
import dev.podcluster.hazelcast.FirstJoinDecision.Situation;
import dev.podcluster.hazelcast.FirstJoinDecision.Wait;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first join's decision, fed what the probes found and the time, read back: no
 * sockets, no waiting.
 */
class FirstJoinDecisionTests {

	private static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);

	private static final Duration START_WAIT = Duration.ofSeconds(5);

	private static final Duration HEAD_START = Duration.ofMillis(250);

	private static final Duration SPACING = Duration.ofMillis(50);

	private final FirstJoinDecision decision = new FirstJoinDecision(PROBE_TIMEOUT, START_WAIT, HEAD_START, SPACING);

	/** Three seeds, the one Hazelcast's join has claim mastership (lowest hash) first. */
	private final List<Seed> byHash = byAddressHash(3);

	private final Seed lowest = this.byHash.get(0);

	private final Seed middle = this.byHash.get(1);

	private final Seed highest = this.byHash.get(2);

	@Test
	void theTimingIsTheFirstJoinsOwn() {
		assertThat(FirstJoinDecision.PROBE_TIMEOUT).isEqualTo(Duration.ofMillis(250));
		assertThat(FirstJoinDecision.START_WAIT).isEqualTo(Duration.ofSeconds(5));
		assertThat(FirstJoinDecision.CLAIM_HEAD_START).isEqualTo(Duration.ofMillis(200));
		assertThat(FirstJoinDecision.JOIN_SPACING).isEqualTo(Duration.ofMillis(40));
	}

	@Test
	void offersThisMemberAndTheStartedSeedsButNoSilentOne() {
		Situation situation = at(this.lowest, List.of(this.lowest, this.middle, this.highest)).started(this.middle)
			.elapsed(ms(10))
			.build();
		assertThat(this.decision.decide(situation)).isEqualTo(new Offer(List.of(this.lowest, this.middle)));
	}

	@Test
	void aConnectingProbeIsWaitedForUntilTheProbeTimeoutSinceTheSeedsWereProbed() {
		SituationBuilder situation = at(this.lowest, List.of(this.lowest, this.middle)).connecting(this.middle)
			.probedAt(ms(1000));
		assertThat(this.decision.decide(situation.elapsed(ms(1100)).build())).isEqualTo(new Wait(ms(1250), false));
		assertThat(this.decision.decide(situation.elapsed(ms(1250)).build()))
			.as("a probe that did not connect in time: not offered")
			.isEqualTo(new Offer(List.of(this.lowest)));
	}

	@Test
	void aCreatedSeedIsWaitedForUntilTheStartWaitSinceTheFirstOffer() {
		SituationBuilder situation = at(this.lowest, List.of(this.lowest, this.middle)).listening(this.middle);
		assertThat(this.decision.decide(situation.elapsed(ms(300)).build())).isEqualTo(new Wait(START_WAIT, false));
	}

	@Test
	void aCreatedSeedIsOfferedOnceItStarts() {
		Situation situation = at(this.lowest, List.of(this.lowest, this.middle)).started(this.middle)
			.elapsed(ms(300))
			.build();
		assertThat(this.decision.decide(situation)).isEqualTo(new Offer(List.of(this.lowest, this.middle)));
	}

	@Test
	void aCreatedSeedThatDoesNotStartIsOfferedAfterTheStartWait() {
		Situation situation = at(this.lowest, List.of(this.lowest, this.middle)).listening(this.middle)
			.elapsed(START_WAIT)
			.build();
		assertThat(this.decision.decide(situation)).isEqualTo(new Offer(List.of(this.lowest, this.middle)));
	}

	@Test
	void aMemberAloneIsOfferedAtOnce() {
		Situation situation = at(this.middle, List.of(this.middle, this.lowest)).elapsed(ms(1)).build();
		assertThat(this.decision.decide(situation)).as("no head start without peers to offer")
			.isEqualTo(new Offer(List.of(this.middle)));
	}

	@Test
	void aMemberThatWillNotClaimMastershipOffersItsFirstPeersAHeadStartLater() {
		SituationBuilder situation = at(this.middle, List.of(this.middle, this.lowest)).started(this.lowest)
			.elapsed(ms(40));
		assertThat(this.decision.decide(situation.build())).isEqualTo(new Wait(ms(290), true));
		assertThat(this.decision.decide(situation.elapsed(ms(290)).probedAt(ms(290)).headStarts(1).build()))
			.isEqualTo(new Offer(List.of(this.middle, this.lowest)));
	}

	@Test
	void aSeedThatBeginsToListenDuringTheHeadStartIsOfferedToo() {
		List<Seed> seeds = List.of(this.highest, this.middle, this.lowest);
		SituationBuilder situation = at(this.highest, seeds).started(this.middle).elapsed(ms(40));
		assertThat(this.decision.decide(situation.build()))
			.as("the lowest seed does not listen yet; the middle one offers 50 ms sooner")
			.isEqualTo(new Wait(ms(340), true));
		situation.elapsed(ms(340)).probedAt(ms(340)).headStarts(1).connecting(this.lowest);
		assertThat(this.decision.decide(situation.build())).as("probed again: its probe connects")
			.isEqualTo(new Wait(ms(590), false));
		situation.elapsed(ms(341)).connecting().listening(this.lowest);
		assertThat(this.decision.decide(situation.build())).as("it listens: waited for until it starts")
			.isEqualTo(new Wait(START_WAIT, false));
		situation.elapsed(ms(300)).listening().started(this.middle, this.lowest);
		assertThat(this.decision.decide(situation.build())).isEqualTo(new Offer(seeds));
	}

	@Test
	void whenTheLowestSeedStaysSilentTheOthersGiveTheMemberThatClaimsInsteadItsHeadStart() {
		List<Seed> seeds = List.of(this.highest, this.middle, this.lowest);
		SituationBuilder situation = at(this.highest, seeds).started(this.middle).elapsed(ms(40));
		assertThat(this.decision.decide(situation.build())).isEqualTo(new Wait(ms(340), true));
		situation.elapsed(ms(340)).probedAt(ms(340)).headStarts(1);
		assertThat(this.decision.decide(situation.build())).as("the lowest is still silent: a second head start")
			.isEqualTo(new Wait(ms(590), true));
		situation.elapsed(ms(590)).probedAt(ms(590)).headStarts(2);
		assertThat(this.decision.decide(situation.build())).as("never a third")
			.isEqualTo(new Offer(List.of(this.highest, this.middle)));
	}

	@Test
	void theMembersThatWillNotClaimOfferOneAfterAnotherInTheOrderOfTheirHashes() {
		List<Seed> seeds = byAddressHash(5);
		List<Duration> headStartEnds = seeds.subList(1, 5)
			.stream()
			.map((self) -> this.decision
				.decide(at(self, seeds).started(othersThan(self, seeds)).elapsed(ms(40)).build()))
			.map((outcome) -> ((Wait) outcome).until())
			.toList();
		assertThat(headStartEnds).as("50 ms apart, the first 250 ms after the claimant")
			.containsExactly(ms(290), ms(340), ms(390), ms(440));
		Seed claimant = seeds.get(0);
		assertThat(
				this.decision.decide(at(claimant, seeds).started(othersThan(claimant, seeds)).elapsed(ms(40)).build()))
			.isEqualTo(new Offer(seeds));
	}

	@Test
	void theSpacingCountsEverySeedThatHashesLowerReadyOrNot() {
		List<Seed> seeds = byAddressHash(5);
		Seed last = seeds.get(4);
		Situation situation = at(last, seeds).started(seeds.get(2)).elapsed(ms(40)).build();
		assertThat(this.decision.decide(situation)).isEqualTo(new Wait(ms(440), true));
	}

	@Test
	void theMemberThatWillClaimMastershipOffersItsPeersWithoutAHeadStart() {
		Situation situation = at(this.lowest, List.of(this.lowest, this.highest)).started(this.highest)
			.elapsed(ms(40))
			.build();
		assertThat(this.decision.decide(situation)).isEqualTo(new Offer(List.of(this.lowest, this.highest)));
	}

	@Test
	void theHeadStartIsGivenOnlyBeforePeersWereFirstOffered() {
		Situation situation = at(this.middle, List.of(this.middle, this.lowest)).started(this.lowest)
			.elapsed(ms(2000))
			.peersOffered()
			.build();
		assertThat(this.decision.decide(situation)).isEqualTo(new Offer(List.of(this.middle, this.lowest)));
	}

	@Test
	void theClaimantIsTheSeedWhoseHazelcastAddressHashesLowest() {
		assertThat(FirstJoinDecision.claimsMastership(this.lowest.address(), this.byHash)).isTrue();
		assertThat(FirstJoinDecision.claimsMastership(this.middle.address(), this.byHash)).isFalse();
		assertThat(FirstJoinDecision.lowest(List.of(this.highest, this.lowest, this.middle))).isEqualTo(this.lowest);
	}

	private static Seed[] othersThan(Seed self, List<Seed> seeds) {
		return seeds.stream().filter((seed) -> !seed.equals(self)).toArray(Seed[]::new);
	}

	private static Duration ms(long millis) {
		return Duration.ofMillis(millis);
	}

	private static SituationBuilder at(Seed self, List<Seed> seeds) {
		return new SituationBuilder(self, seeds);
	}

	/** Seeds on a pod network, ordered by the hash of their Hazelcast address. */
	private static List<Seed> byAddressHash(int count) {
		return IntStream.rangeClosed(1, count)
			.mapToObj((n) -> new Seed("pod-" + n, new InetSocketAddress(address("10.244.0." + n), 5701)))
			.sorted(Comparator.comparingInt(
					(Seed seed) -> new Address(seed.address().getAddress(), seed.address().getPort()).hashCode()))
			.toList();
	}

	private static InetAddress address(String ip) {
		try {
			return InetAddress.getByName(ip);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A situation, built up step by step as the first join goes on. */
	private static final class SituationBuilder {

		private final Seed self;

		private final List<Seed> seeds;

		private Set<InetSocketAddress> connecting = Set.of();

		private Set<InetSocketAddress> listening = Set.of();

		private Set<InetSocketAddress> started = Set.of();

		private Duration elapsed = Duration.ZERO;

		private Duration probedAt = Duration.ZERO;

		private boolean peersOffered;

		private int headStarts;

		SituationBuilder(Seed self, List<Seed> seeds) {
			this.self = self;
			this.seeds = seeds;
		}

		SituationBuilder connecting(Seed... seeds) {
			this.connecting = addresses(seeds);
			return this;
		}

		SituationBuilder listening(Seed... seeds) {
			this.listening = addresses(seeds);
			return this;
		}

		SituationBuilder started(Seed... seeds) {
			this.started = addresses(seeds);
			return this;
		}

		SituationBuilder elapsed(Duration elapsed) {
			this.elapsed = elapsed;
			return this;
		}

		SituationBuilder probedAt(Duration probedAt) {
			this.probedAt = probedAt;
			return this;
		}

		SituationBuilder peersOffered() {
			this.peersOffered = true;
			return this;
		}

		SituationBuilder headStarts(int headStarts) {
			this.headStarts = headStarts;
			return this;
		}

		Situation build() {
			return new Situation(this.seeds, this.self.address(), this.connecting, this.listening, this.started,
					this.elapsed, this.probedAt, this.peersOffered, this.headStarts);
		}

		private static Set<InetSocketAddress> addresses(Seed... seeds) {
			return Arrays.stream(seeds).map(Seed::address).collect(Collectors.toUnmodifiableSet());
		}

	}

}
