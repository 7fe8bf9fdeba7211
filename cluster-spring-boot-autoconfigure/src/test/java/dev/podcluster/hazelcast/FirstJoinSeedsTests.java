package dev.podcluster.hazelcast;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hazelcast.cluster.Address;
import dev.podcluster.discovery.Seed;
import dev.podcluster.testsupport.net.FreePorts;
import dev.podcluster.testsupport.net.MemberPort;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first join's seeds, on real sockets on loopback: a member's port listens from its
 * creation, nobody accepting (the kernel completes connections) until it starts.
 */
class FirstJoinSeedsTests {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	/** Long enough that a test relying on it would stand out. */
	private static final Duration LONG_WAIT = Duration.ofMinutes(2);

	private static final Duration NO_HEAD_START = Duration.ZERO;

	@Test
	void offersThisMemberAndTheStartedSeedsButNoSilentOne() throws IOException {
		List<Integer> ports = FreePorts.loopback(3);
		Seed self = seed("self", ports.get(0));
		Seed silent = seed("silent", ports.get(2));
		try (MemberPort started = MemberPort.started(ports.get(1))) {
			Seed startedSeed = seed("started", ports.get(1));
			FirstJoinSeeds firstJoin = new FirstJoinSeeds(self.address(), FirstJoinSeeds.PROBE_TIMEOUT, LONG_WAIT,
					NO_HEAD_START);
			assertThat(firstJoin.offer(List.of(self, startedSeed, silent))).containsExactly(self, startedSeed);
		}
	}

	@Test
	void aCreatedMemberIsOfferedWhenItStartsAndTakesTheWaitingProbe() throws Exception {
		List<Integer> ports = FreePorts.loopback(2);
		Seed self = seed("self", ports.get(0));
		Seed created = seed("created", ports.get(1));
		try (MemberPort peer = MemberPort.created(ports.get(1))) {
			FirstJoinSeeds firstJoin = new FirstJoinSeeds(self.address(), FirstJoinSeeds.PROBE_TIMEOUT, LONG_WAIT,
					NO_HEAD_START);
			CompletableFuture<List<Seed>> offered = CompletableFuture
				.supplyAsync(() -> firstJoin.offer(List.of(self, created)));
			assertThat(offered).as("the offer waits while the peer is only created")
				.failsWithin(Duration.ofMillis(500))
				.withThrowableThat()
				.isInstanceOf(TimeoutException.class);
			peer.start();
			assertThat(offered.get(30, TimeUnit.SECONDS)).containsExactly(self, created);
			assertThat(peer.accepted()).as("connections the peer took: the probe made while it was created")
				.isEqualTo(1);
		}
	}

	@Test
	void aCreatedMemberThatDoesNotStartIsOfferedAfterTheStartWait() throws IOException {
		List<Integer> ports = FreePorts.loopback(2);
		Seed self = seed("self", ports.get(0));
		Seed created = seed("created", ports.get(1));
		try (MemberPort peer = MemberPort.created(ports.get(1))) {
			FirstJoinSeeds firstJoin = new FirstJoinSeeds(self.address(), FirstJoinSeeds.PROBE_TIMEOUT,
					Duration.ofMillis(300), NO_HEAD_START);
			assertThat(firstJoin.offer(List.of(self, created))).containsExactly(self, created);
			assertThat(firstJoin.offer(List.of(self, created))).containsExactly(self, created);
			assertThat(peer.accepted()).isZero();
		}
	}

	@Test
	void aSeedGoneFromTheAnswerIsNoLongerWaitedFor() throws IOException {
		List<Integer> ports = FreePorts.loopback(2);
		Seed self = seed("self", ports.get(0));
		Seed gone = seed("gone", ports.get(1));
		try (MemberPort peer = MemberPort.created(ports.get(1))) {
			FirstJoinSeeds firstJoin = new FirstJoinSeeds(self.address(), FirstJoinSeeds.PROBE_TIMEOUT,
					Duration.ofMillis(300), NO_HEAD_START);
			assertThat(firstJoin.offer(List.of(self, gone))).containsExactly(self, gone);
			assertThat(firstJoin.offer(List.of(self))).containsExactly(self);
			peer.start();
			assertThat(firstJoin.offer(List.of(self, gone))).containsExactly(self, gone);
			// The first probe was closed when the seed left: a second one was made.
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(peer.accepted()).isEqualTo(2));
		}
	}

	@Test
	void onceJoinedEverySeedIsOfferedUnprobed() {
		List<Integer> ports = FreePorts.loopback(2);
		Seed self = seed("self", ports.get(0));
		Seed silent = seed("silent", ports.get(1));
		FirstJoinSeeds firstJoin = new FirstJoinSeeds(self.address(), FirstJoinSeeds.PROBE_TIMEOUT, LONG_WAIT,
				NO_HEAD_START);
		firstJoin.ended();
		assertThat(firstJoin.offer(List.of(self, silent))).containsExactly(self, silent);
	}

	@Test
	void aMemberThatWillNotClaimMastershipOffersItsFirstPeersAHeadStartLater() throws IOException {
		List<Integer> ports = byAddressHash(FreePorts.loopback(2));
		Seed claimant = seed("claimant", ports.get(0));
		Seed self = seed("self", ports.get(1));
		Duration headStart = Duration.ofMillis(400);
		try (MemberPort peer = MemberPort.started(ports.get(0))) {
			FirstJoinSeeds firstJoin = new FirstJoinSeeds(self.address(), FirstJoinSeeds.PROBE_TIMEOUT, LONG_WAIT,
					headStart);
			assertOffersNoSoonerThan(headStart, firstJoin, List.of(self, claimant), self, claimant);
		}
	}

	@Test
	void aSeedThatBeginsToListenDuringTheHeadStartIsOfferedToo() throws Exception {
		List<Integer> ports = byAddressHash(FreePorts.loopback(3));
		Seed claimant = seed("claimant", ports.get(0));
		Seed peer = seed("peer", ports.get(1));
		Seed self = seed("self", ports.get(2));
		try (MemberPort started = MemberPort.started(ports.get(1))) {
			FirstJoinSeeds firstJoin = new FirstJoinSeeds(self.address(), FirstJoinSeeds.PROBE_TIMEOUT, LONG_WAIT,
					Duration.ofSeconds(5));
			CompletableFuture<List<Seed>> offered = CompletableFuture
				.supplyAsync(() -> firstJoin.offer(List.of(self, peer, claimant)));
			await("the first probe of the started peer").atMost(Duration.ofSeconds(30))
				.until(() -> started.accepted() > 0);
			try (MemberPort late = MemberPort.started(ports.get(0))) {
				assertThat(offered.get(30, TimeUnit.SECONDS)).containsExactly(self, peer, claimant);
			}
		}
	}

	@Test
	void whenTheLowestSeedStaysSilentTheOthersGiveTheMemberThatClaimsInsteadItsHeadStart() throws IOException {
		List<Integer> ports = byAddressHash(FreePorts.loopback(3));
		Seed silent = seed("silent", ports.get(0));
		Seed claimant = seed("claimant", ports.get(1));
		Seed self = seed("self", ports.get(2));
		Duration headStart = Duration.ofMillis(300);
		try (MemberPort peer = MemberPort.started(ports.get(1))) {
			FirstJoinSeeds firstJoin = new FirstJoinSeeds(self.address(), FirstJoinSeeds.PROBE_TIMEOUT, LONG_WAIT,
					headStart);
			assertOffersNoSoonerThan(headStart.multipliedBy(2), firstJoin, List.of(self, claimant, silent), self,
					claimant);
		}
	}

	@Test
	void theMemberThatWillClaimMastershipOffersItsPeersWithoutAHeadStart() throws Exception {
		List<Integer> ports = byAddressHash(FreePorts.loopback(2));
		Seed self = seed("self", ports.get(0));
		Seed other = seed("other", ports.get(1));
		try (MemberPort peer = MemberPort.started(ports.get(1))) {
			FirstJoinSeeds firstJoin = new FirstJoinSeeds(self.address(), FirstJoinSeeds.PROBE_TIMEOUT, LONG_WAIT,
					LONG_WAIT);
			CompletableFuture<List<Seed>> offered = CompletableFuture
				.supplyAsync(() -> firstJoin.offer(List.of(self, other)));
			assertThat(offered.get(30, TimeUnit.SECONDS)).containsExactly(self, other);
		}
	}

	private static void assertOffersNoSoonerThan(Duration wait, FirstJoinSeeds firstJoin, List<Seed> seeds,
			Seed... expected) {
		long start = System.nanoTime();
		assertThat(firstJoin.offer(seeds)).containsExactly(expected);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time until the seeds were offered")
			.isGreaterThanOrEqualTo(wait);
	}

	/**
	 * Loopback ports, the one whose address Hazelcast's join hashes lowest (the member
	 * that claims mastership) first.
	 */
	private static List<Integer> byAddressHash(List<Integer> ports) {
		return ports.stream()
			.sorted(Comparator.comparingInt((Integer port) -> new Address(LOOPBACK, port).hashCode()))
			.toList();
	}

	private static Seed seed(String name, int port) {
		return new Seed(name, new InetSocketAddress(LOOPBACK, port));
	}

}
