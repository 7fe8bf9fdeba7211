package dev.podcluster.hazelcast;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.cluster.Address;
import dev.podcluster.discovery.Seed;
import dev.podcluster.hazelcast.SeedProbes.Probed;
import dev.podcluster.testsupport.net.FreePorts;
import dev.podcluster.testsupport.net.MemberPort;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Hazelcast's join is offered, and what it waits on meanwhile: on a clock the test's
 * probes move (no sleeping), and once on real sockets on loopback.
 */
class FirstJoinSeedsTests {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private static final long FIRST_OFFER = 1_000_000_000L;

	private final List<Seed> byHash = byAddressHash(FreePorts.loopback(3));

	private final Seed lowest = this.byHash.get(0);

	private final Seed middle = this.byHash.get(1);

	private final Seed highest = this.byHash.get(2);

	private final ScriptedProbes probes = new ScriptedProbes();

	@Test
	void aCreatedMemberIsOfferedWhenItStartsEndingTheWaitOnTheProbes() {
		this.probes.answerAt(ms(0), listening(this.highest)).answerAt(ms(1700), started(this.highest));
		assertThat(firstJoin(this.lowest).offer(List.of(this.lowest, this.highest))).containsExactly(this.lowest,
				this.highest);
		assertThat(this.probes.waits).as("waits on the probes, until the start wait's end").containsExactly(ms(5000));
		assertThat(this.probes.now()).as("offered when the peer started").isEqualTo(ms(1700));
	}

	@Test
	void aTerminatingSeedIsNeverOfferedToTheFirstJoinButIsOnceJoined() {
		Seed leaving = new Seed(this.lowest.name(), this.lowest.address(), true);
		this.probes.answerAt(ms(0), started(this.highest));
		FirstJoinSeeds firstJoin = firstJoin(this.middle);
		assertThat(firstJoin.offer(List.of(this.middle, leaving, this.highest)))
			.as("the terminating pod, lowest as it hashes, is neither probed nor offered")
			.containsExactly(this.middle, this.highest);
		assertThat(this.probes.probed).allSatisfy((probed) -> assertThat(probed).doesNotContain(leaving.address()));
		firstJoin.ended();
		assertThat(firstJoin.offer(List.of(this.middle, leaving, this.highest)))
			.as("a member until it leaves: the split-brain checks get it")
			.containsExactly(this.middle, leaving, this.highest);
	}

	@Test
	void aCreatedMemberThatDoesNotStartIsOfferedAfterTheStartWait() {
		this.probes.answerAt(ms(0), listening(this.highest));
		FirstJoinSeeds firstJoin = firstJoin(this.lowest);
		assertThat(firstJoin.offer(List.of(this.lowest, this.highest))).containsExactly(this.lowest, this.highest);
		assertThat(this.probes.now()).isEqualTo(ms(5000));
		assertThat(firstJoin.offer(List.of(this.lowest, this.highest))).as("the start wait is over for good")
			.containsExactly(this.lowest, this.highest);
		assertThat(this.probes.waits).containsExactly(ms(5000));
	}

	@Test
	void aMemberThatWillNotClaimMastershipWaitsTheHeadStartOnTheProbesAndProbesAgain() {
		this.probes.answerAt(ms(0), started(this.lowest));
		assertThat(firstJoin(this.middle).offer(List.of(this.middle, this.lowest))).containsExactly(this.middle,
				this.lowest);
		assertThat(this.probes.waits).containsExactly(ms(200));
		assertThat(this.probes.probed).as("probed at the first offer and after the head start")
			.containsExactly(Set.of(this.lowest.address()), Set.of(this.lowest.address()));
	}

	@Test
	void whenTheLowestSeedStaysSilentTheHeadStartIsGivenTwice() {
		this.probes.answerAt(ms(0), started(this.middle));
		assertThat(firstJoin(this.highest).offer(List.of(this.highest, this.middle, this.lowest)))
			.containsExactly(this.highest, this.middle);
		assertThat(this.probes.waits).as("the first head start 40 ms longer: the middle seed hashes lower too")
			.containsExactly(ms(240), ms(440));
		assertThat(this.probes.probed).hasSize(3);
	}

	@Test
	void theMemberThatWillClaimMastershipDoesNotWait() {
		this.probes.answerAt(ms(0), started(this.highest));
		FirstJoinSeeds firstJoin = firstJoin(this.lowest);
		assertThat(firstJoin.offer(List.of(this.lowest, this.highest))).containsExactly(this.lowest, this.highest);
		assertThat(this.probes.waits).isEmpty();
	}

	@Test
	void theHeadStartIsGivenOnlyOnce() {
		this.probes.answerAt(ms(0), started(this.lowest));
		FirstJoinSeeds firstJoin = firstJoin(this.middle);
		firstJoin.offer(List.of(this.middle, this.lowest));
		firstJoin.offer(List.of(this.middle, this.lowest));
		assertThat(this.probes.waits).containsExactly(ms(200));
	}

	@Test
	void onceJoinedEverySeedIsOfferedUnprobed() {
		FirstJoinSeeds firstJoin = firstJoin(this.lowest);
		firstJoin.ended();
		assertThat(firstJoin.offer(List.of(this.lowest, this.highest))).containsExactly(this.lowest, this.highest);
		assertThat(this.probes.probed).isEmpty();
		assertThat(this.probes.closed).isTrue();
	}

	@Test
	void onRealSocketsOffersThisMemberAndTheStartedSeedsButNoSilentOne() throws Exception {
		Seed silent = this.highest;
		try (MemberPort started = MemberPort.started(this.middle.address().getPort())) {
			FirstJoinSeeds firstJoin = FirstJoinSeeds.of(this.lowest.address());
			assertThat(firstJoin.offer(List.of(this.lowest, this.middle, silent))).containsExactly(this.lowest,
					this.middle);
			firstJoin.ended();
		}
	}

	@Test
	void onRealSocketsTheEndOfTheFirstJoinEndsAWait() throws Exception {
		try (MemberPort created = MemberPort.created(this.highest.address().getPort())) {
			SeedProbes probes = new SeedProbes(System::nanoTime);
			AtomicInteger waits = new AtomicInteger();
			FirstJoinSeeds.Probes counted = new FirstJoinSeeds.Probes() {

				@Override
				public Probed probe(Set<InetSocketAddress> addresses) {
					return probes.probe(addresses);
				}

				@Override
				public Probed await(long deadline) {
					waits.incrementAndGet();
					return probes.await(deadline);
				}

				@Override
				public void wakeup() {
					probes.wakeup();
				}

				@Override
				public void close() {
					probes.close();
				}

			};
			FirstJoinSeeds firstJoin = new FirstJoinSeeds(this.lowest.address(),
					new FirstJoinDecision(FirstJoinDecision.PROBE_TIMEOUT, Duration.ofHours(1), Duration.ZERO,
							Duration.ZERO),
					counted, System::nanoTime);
			List<Seed> seeds = List.of(this.lowest, this.highest);
			CompletableFuture<List<Seed>> offered = CompletableFuture.supplyAsync(() -> firstJoin.offer(seeds));
			await("the offer waits for the created member to start").atMost(Duration.ofSeconds(30))
				.until(() -> waits.get() > 0);
			firstJoin.ended();
			assertThat(offered.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(seeds);
		}
	}

	private FirstJoinSeeds firstJoin(Seed self) {
		return new FirstJoinSeeds(self.address(), FirstJoinDecision.withItsOwnTiming(), this.probes,
				this.probes::nanoTime);
	}

	private static Probed listening(Seed seed) {
		return new Probed(Set.of(), Set.of(seed.address()), Set.of());
	}

	private static Probed started(Seed... seeds) {
		return new Probed(Set.of(), Set.of(),
				Set.of(Arrays.stream(seeds).map(Seed::address).toArray(InetSocketAddress[]::new)));
	}

	private static Duration ms(long millis) {
		return Duration.ofMillis(millis);
	}

	/**
	 * Loopback seeds, the one whose address Hazelcast's join hashes lowest (the member
	 * that claims mastership) first.
	 */
	private static List<Seed> byAddressHash(List<Integer> ports) {
		return ports.stream()
			.sorted(Comparator.comparingInt((Integer port) -> new Address(LOOPBACK, port).hashCode()))
			.map((port) -> new Seed("member-" + port, new InetSocketAddress(LOOPBACK, port)))
			.toList();
	}

	/**
	 * Probes whose answers come at set times on their own clock, which moves only while
	 * the first join waits on them: to the next answer, or to the wait's deadline.
	 */
	private static final class ScriptedProbes implements FirstJoinSeeds.Probes {

		private final TreeMap<Long, Probed> answers = new TreeMap<>();

		private final List<Duration> waits = new ArrayList<>();

		private final List<Set<InetSocketAddress>> probed = new ArrayList<>();

		private long nanoTime = FIRST_OFFER;

		private Probed current = new Probed(Set.of(), Set.of(), Set.of());

		private boolean closed;

		ScriptedProbes answerAt(Duration sinceFirstOffer, Probed answer) {
			this.answers.put(FIRST_OFFER + sinceFirstOffer.toNanos(), answer);
			return this;
		}

		long nanoTime() {
			return this.nanoTime;
		}

		Duration now() {
			return Duration.ofNanos(this.nanoTime - FIRST_OFFER);
		}

		@Override
		public Probed probe(Set<InetSocketAddress> addresses) {
			this.probed.add(addresses);
			takeAnswersUntil(this.nanoTime);
			return this.current;
		}

		@Override
		public Probed await(long deadline) {
			this.waits.add(Duration.ofNanos(deadline - FIRST_OFFER));
			Map.Entry<Long, Probed> next = this.answers.higherEntry(this.nanoTime);
			this.nanoTime = (next != null && next.getKey() <= deadline) ? next.getKey() : deadline;
			takeAnswersUntil(this.nanoTime);
			return this.current;
		}

		private void takeAnswersUntil(long time) {
			Map.Entry<Long, Probed> answer = this.answers.floorEntry(time);
			if (answer != null) {
				this.current = answer.getValue();
			}
		}

		@Override
		public void wakeup() {
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
