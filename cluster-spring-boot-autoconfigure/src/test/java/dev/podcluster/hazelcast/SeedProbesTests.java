package dev.podcluster.hazelcast;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import dev.podcluster.hazelcast.SeedProbes.Probed;
import dev.podcluster.testsupport.net.FreePorts;
import dev.podcluster.testsupport.net.MemberPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first join's probes, on real sockets on loopback: a member's port listens from its
 * creation, nobody accepting (the kernel completes connections) until it starts.
 */
class SeedProbesTests {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private static final Duration AT_MOST = Duration.ofSeconds(30);

	private final SeedProbes probes = new SeedProbes(System::nanoTime);

	@AfterEach
	void close() {
		this.probes.close();
	}

	@Test
	void aStartedMemberTakesItsProbeAndIsSeenStarted() throws IOException {
		try (MemberPort peer = MemberPort.started(0)) {
			Set<InetSocketAddress> addresses = Set.of(peer.address());
			this.probes.probe(addresses);
			assertThat(awaitAnswers((probed) -> probed.started().contains(peer.address()))).satisfies((probed) -> {
				assertThat(probed.connecting()).isEmpty();
				assertThat(probed.listening()).isEmpty();
			});
			assertThat(peer.accepted()).isEqualTo(1);
			assertThat(this.probes.probe(addresses).started()).as("started, never probed again")
				.containsExactly(peer.address());
			assertThat(peer.accepted()).isEqualTo(1);
		}
	}

	@Test
	void aCreatedMemberListensUntilItStartsAndTakesTheWaitingProbe() throws IOException {
		try (MemberPort peer = MemberPort.created(0)) {
			this.probes.probe(Set.of(peer.address()));
			assertThat(awaitAnswers((probed) -> probed.listening().contains(peer.address())).started()).isEmpty();
			peer.start();
			awaitAnswers((probed) -> probed.started().contains(peer.address()));
			assertThat(peer.accepted()).as("connections the peer took: the probe made while it was created")
				.isEqualTo(1);
		}
	}

	@Test
	void aPortNobodyListensOnIsGoneAndProbedAfreshNextTime() throws IOException {
		int port = FreePorts.loopback(1).get(0);
		InetSocketAddress address = new InetSocketAddress(LOOPBACK, port);
		this.probes.probe(Set.of(address));
		assertThat(awaitAnswers((probed) -> !probed.connecting().contains(address)))
			.as("refused: neither connecting, listening nor started")
			.isEqualTo(new Probed(Set.of(), Set.of(), Set.of()));
		try (MemberPort peer = MemberPort.started(port)) {
			this.probes.probe(Set.of(address));
			awaitAnswers((probed) -> probed.started().contains(address));
			assertThat(peer.accepted()).isEqualTo(1);
		}
	}

	@Test
	void aSeedGoneFromTheAnswerHasItsProbeClosed() throws IOException {
		try (MemberPort peer = MemberPort.created(0)) {
			this.probes.probe(Set.of(peer.address()));
			awaitAnswers((probed) -> probed.listening().contains(peer.address()));
			assertThat(this.probes.probe(Set.of())).isEqualTo(new Probed(Set.of(), Set.of(), Set.of()));
			peer.start();
			this.probes.probe(Set.of(peer.address()));
			awaitAnswers((probed) -> probed.started().contains(peer.address()));
			// The first probe was closed when the seed left: a second one was made.
			await().atMost(AT_MOST).untilAsserted(() -> assertThat(peer.accepted()).isEqualTo(2));
		}
	}

	@Test
	void aWaitEndsWhenAProbeIsAnswered() throws Exception {
		try (MemberPort peer = MemberPort.created(0)) {
			this.probes.probe(Set.of(peer.address()));
			awaitAnswers((probed) -> probed.listening().contains(peer.address()));
			peer.start();
			long aMinuteAway = System.nanoTime() + Duration.ofMinutes(1).toNanos();
			await("a wait for a minute, ended by the peer's start").atMost(AT_MOST)
				.until(() -> this.probes.await(aMinuteAway).started().contains(peer.address()));
		}
	}

	@Test
	void aWaitEndsOnWakeup() {
		List<Integer> ports = FreePorts.loopback(1);
		this.probes.probe(Set.of(new InetSocketAddress(LOOPBACK, ports.get(0))));
		this.probes.wakeup();
		long anHourAway = System.nanoTime() + Duration.ofHours(1).toNanos();
		await("a wait for an hour, woken up").atMost(AT_MOST).until(() -> this.probes.await(anHourAway) != null);
	}

	/** Takes the probes' answers until they satisfy the condition. */
	private Probed awaitAnswers(Predicate<Probed> condition) {
		return await().atMost(AT_MOST)
			.until(() -> this.probes.await(System.nanoTime() + Duration.ofMillis(100).toNanos()), condition);
	}

}
