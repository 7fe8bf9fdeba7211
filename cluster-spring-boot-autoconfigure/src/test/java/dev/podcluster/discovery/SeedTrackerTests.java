package dev.podcluster.discovery;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

class SeedTrackerTests {

	private static final Seed A = seed("10.244.0.5");

	private static final Seed B = seed("10.244.0.6");

	private final ScriptedProvider provider = new ScriptedProvider();

	private final SeedTracker tracker = new SeedTracker(this.provider, Duration.ofMillis(10), Duration.ofHours(1), 2,
			Clock.systemUTC());

	@AfterEach
	void close() {
		this.tracker.close();
	}

	@Test
	void firstLookupHappensOnStart() {
		this.provider.answers(List.of(A, B));
		this.tracker.start(1, Duration.ZERO);
		assertThat(this.tracker.seeds()).containsExactly(A, B);
		assertThat(this.tracker.snapshot().error()).isNull();
		assertThat(this.tracker.snapshot().lastSuccess()).isNotNull();
		assertThat(this.tracker.snapshot().nextLookup()).isNotNull();
	}

	@Test
	void failedLookupKeepsTheLastGoodSeedsAndReportsTheError() {
		this.provider.answers(List.of(A, B));
		this.provider.fails("SRV _hazelcast._tcp.app.default.svc.cluster.local.: no answer within 2000 ms");
		this.tracker.start(1, Duration.ZERO);
		lookupNow();
		DiscoverySnapshot snapshot = this.tracker.snapshot();
		assertThat(snapshot.seeds()).containsExactly(A, B);
		assertThat(snapshot.error()).contains("no answer within 2000 ms");
		assertThat(snapshot.consecutiveFailures()).isEqualTo(1);
	}

	@Test
	void errorClearsOnTheNextGoodAnswer() {
		this.provider.fails("timeout");
		this.provider.answers(List.of(A));
		this.tracker.start(1, Duration.ZERO);
		assertThat(this.tracker.snapshot().error()).isEqualTo("timeout");
		lookupNow();
		assertThat(this.tracker.snapshot().error()).isNull();
		assertThat(this.tracker.snapshot().consecutiveFailures()).isZero();
		assertThat(this.tracker.seeds()).containsExactly(A);
	}

	@Test
	void seedIsDroppedOnlyAfterMissingFromConsecutiveGoodAnswers() {
		this.provider.answers(List.of(A, B));
		this.provider.answers(List.of(A));
		this.provider.answers(List.of(A));
		this.tracker.start(1, Duration.ZERO);
		lookupNow();
		assertThat(this.tracker.seeds()).as("missing once").containsExactly(A, B);
		lookupNow();
		assertThat(this.tracker.seeds()).as("missing twice").containsExactly(A);
	}

	@Test
	void seedThatComesBackIsCountedAfresh() {
		this.provider.answers(List.of(A, B));
		this.provider.answers(List.of(A));
		this.provider.answers(List.of(A, B));
		this.provider.answers(List.of(A));
		this.tracker.start(1, Duration.ZERO);
		lookupNow();
		lookupNow();
		lookupNow();
		assertThat(this.tracker.seeds()).containsExactly(A, B);
	}

	@Test
	void pollingFollowsTheAnswersTtlWithinTheBounds() {
		this.provider.answers(List.of(A));
		try (SeedTracker ttlTracker = new SeedTracker(this.provider, Duration.ofSeconds(1), Duration.ofSeconds(30), 2,
				Clock.systemUTC())) {
			ttlTracker.start(1, Duration.ZERO);
			DiscoverySnapshot snapshot = ttlTracker.snapshot();
			// The scripted answer's TTL is 5 s; the schedule adds up to 10 % jitter
			// either way.
			assertThat(Duration.between(snapshot.lastLookup(), snapshot.nextLookup()))
				.isBetween(Duration.ofMillis(4400), Duration.ofMillis(5600));
		}
	}

	@Test
	void startWaitsForTheExpectedSeeds() {
		this.provider.answers(List.of(A));
		this.provider.answers(List.of(A));
		this.provider.answers(List.of(A, B));
		this.tracker.start(2, Duration.ofSeconds(10));
		assertThat(this.tracker.seeds()).containsExactly(A, B);
		assertThat(this.tracker.statistics().successes()).isEqualTo(3);
	}

	@Test
	void startGoesOnWithWhatItFoundWhenTheExpectedSeedsDoNotShow() {
		this.provider.answers(List.of(A));
		this.tracker.start(3, Duration.ofSeconds(1));
		assertThat(this.tracker.seeds()).containsExactly(A);
	}

	@Test
	void startDoesNotWaitWhenNoPeerIsExpected() {
		this.provider.fails("timeout");
		long started = System.nanoTime();
		this.tracker.start(1, Duration.ofSeconds(30));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(this.tracker.statistics().failures()).isEqualTo(1);
	}

	@Test
	void statisticsCountLookupsByOutcome() {
		this.provider.answers(List.of(A));
		this.provider.fails("timeout");
		this.tracker.start(1, Duration.ZERO);
		lookupNow();
		assertThat(this.tracker.statistics().successes()).isEqualTo(1);
		assertThat(this.tracker.statistics().failures()).isEqualTo(1);
	}

	@Test
	void pollingSurvivesAnyExceptionOrErrorFromTheProvider() {
		this.provider.throwsNext(new NoClassDefFoundError("com/example/Registry"));
		this.provider.throwsNext(new IllegalStateException("registry client closed"));
		this.provider.throwsNext(new SeedLookupException(null));
		this.provider.answers(List.of(A));
		try (SeedTracker polling = new SeedTracker(this.provider, Duration.ofMillis(10), Duration.ofMillis(50), 2,
				Clock.systemUTC())) {
			polling.start(1, Duration.ZERO);
			assertThat(polling.snapshot().error()).contains("NoClassDefFoundError").contains("com/example/Registry");
			// Back-off: 50, 100, 200 ms.
			await().atMost(Duration.ofSeconds(5)).until(() -> polling.seeds().equals(List.of(A)));
			assertThat(polling.statistics().failures()).isEqualTo(3);
			assertThat(polling.snapshot().error()).isNull();
		}
	}

	@Test
	void nothingThrowsAfterClose() {
		this.provider.answers(List.of(A));
		this.tracker.start(1, Duration.ZERO);
		this.tracker.close();
		assertThatNoException().isThrownBy(() -> {
			this.tracker.refreshIfOlderThan(Duration.ZERO);
			assertThat(this.tracker.lookupNow(Duration.ofSeconds(1)).seeds()).containsExactly(A);
			this.tracker.close();
		});
		assertThat(this.provider.lookups()).isEqualTo(1);
	}

	@Test
	void closeDuringALookupEndsThePollingQuietly() throws Exception {
		this.provider.answers(List.of(A));
		try (SeedTracker polling = new SeedTracker(this.provider, Duration.ofMillis(10), Duration.ofMillis(20), 2,
				Clock.systemUTC())) {
			polling.start(1, Duration.ZERO);
			this.provider.blocksFor(Duration.ofMillis(200));
			await().atMost(Duration.ofSeconds(5)).until(() -> this.provider.lookups() >= 2);
			polling.close();
			int lookups = this.provider.lookups();
			await().during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(2))
				.until(() -> this.provider.lookups() == lookups);
		}
	}

	@Test
	void whileLookupsFailHazelcastsAsksWaitForTheBackOff() throws Exception {
		this.provider.fails("SRV _hazelcast._tcp.app.default.svc.cluster.local.: no answer within 2000 ms");
		try (SeedTracker failing = new SeedTracker(this.provider, Duration.ofMillis(10), Duration.ofSeconds(1), 2,
				Clock.systemUTC())) {
			failing.start(1, Duration.ZERO);
			// Hazelcast asks for nodes at every join attempt, here every 50 ms for 1.5 s:
			// the back-off allows the lookup at start and one after 1 s, the next after
			// 2 s more.
			await().pollInterval(Duration.ofMillis(50))
				.during(Duration.ofMillis(1500))
				.atMost(Duration.ofSeconds(3))
				.until(() -> {
					failing.refreshIfOlderThan(Duration.ofSeconds(1));
					return this.provider.lookups() <= 2;
				});
			assertThat(this.provider.lookups()).isBetween(1, 2);
			assertThat(failing.snapshot().consecutiveFailures()).isEqualTo(this.provider.lookups());
		}
	}

	@Test
	void lookupNowHonoursTheMinimumInterval() throws Exception {
		this.provider.answers(List.of(A));
		this.provider.answers(List.of(A, B));
		try (SeedTracker operated = new SeedTracker(this.provider, Duration.ofSeconds(1), Duration.ofHours(1), 2,
				Clock.systemUTC())) {
			operated.start(1, Duration.ZERO);
			Instant first = operated.snapshot().lastLookup();
			DiscoverySnapshot answered = operated.lookupNow(Duration.ofSeconds(5));
			assertThat(answered.lastLookup()).isEqualTo(first);
			assertThat(answered.seeds()).containsExactly(A);
			assertThat(this.provider.lookups()).isEqualTo(1);
			// Asked again and again, it looks up once the minimum interval has passed,
			// and only then.
			await().pollInterval(Duration.ofMillis(100))
				.atMost(Duration.ofSeconds(5))
				.until(() -> operated.lookupNow(Duration.ofSeconds(5)).seeds().equals(List.of(A, B)));
			assertThat(this.provider.lookups()).isEqualTo(2);
		}
	}

	@Test
	void notesTheFirstAnswerThatListsThisMemberAndKeepsItThroughFailures() {
		try (SeedTracker self = new SeedTracker(this.provider, Duration.ofMillis(10), Duration.ofHours(1), 2,
				Clock.systemUTC(), B.address())) {
			this.provider.answers(List.of(A));
			this.provider.answers(List.of(A, B));
			this.provider.fails("SRV _hazelcast._tcp.app.default.svc.cluster.local.: no answer within 2000 ms");
			self.start(1, Duration.ZERO);
			assertThat(self.snapshot().selfListed()).isNull();
			await().atMost(Duration.ofSeconds(5)).until(() -> {
				self.lookupNow(Duration.ofSeconds(5));
				return self.snapshot().selfListed() != null;
			});
			Instant listed = self.snapshot().selfListed();
			await().atMost(Duration.ofSeconds(5)).until(() -> {
				self.lookupNow(Duration.ofSeconds(5));
				return self.snapshot().error() != null;
			});
			assertThat(self.snapshot().selfListed()).isEqualTo(listed);
		}
	}

	@Test
	void minimumIntervalLongerThanTheIntervalIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SeedTracker(this.provider, Duration.ofSeconds(10), Duration.ofSeconds(5), 2,
					Clock.systemUTC()))
			.withMessageContaining("minInterval");
	}

	private void lookupNow() {
		Instant before = this.tracker.snapshot().lastLookup();
		// The minimum interval (10 ms) may turn a first ask down: ask until it looks up.
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.tracker.lookupNow(Duration.ofSeconds(1));
			return !Objects.equals(this.tracker.snapshot().lastLookup(), before);
		});
	}

	private static Seed seed(String ip) {
		return new Seed(ip, new InetSocketAddress(ip, 5701));
	}

	private static final class ScriptedProvider implements SeedProvider {

		private final Deque<Object> script = new ArrayDeque<>();

		private final AtomicInteger lookups = new AtomicInteger();

		private volatile Duration block = Duration.ZERO;

		void answers(List<Seed> seeds) {
			this.script.add(seeds);
		}

		void throwsNext(Throwable failure) {
			this.script.add(failure);
		}

		void blocksFor(Duration block) {
			this.block = block;
		}

		int lookups() {
			return this.lookups.get();
		}

		void fails(String message) {
			this.script.add(message);
		}

		@Override
		public String name() {
			return "dns-srv";
		}

		@Override
		public boolean listsEveryMember() {
			return true;
		}

		@Override
		public String query() {
			return "_hazelcast._tcp.app.default.svc.cluster.local.";
		}

		@Override
		public SeedAnswer lookup() throws SeedLookupException {
			this.lookups.incrementAndGet();
			if (!this.block.isZero()) {
				try {
					Thread.sleep(this.block.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new SeedLookupException("interrupted", ex);
				}
			}
			return next();
		}

		@SuppressWarnings("unchecked")
		private synchronized SeedAnswer next() throws SeedLookupException {
			// Once the script is played, the last step repeats, as a DNS server repeats
			// its answer.
			Object next = (this.script.size() > 1) ? this.script.poll() : this.script.peek();
			if (next == null) {
				next = List.of();
			}
			if (next instanceof String message) {
				throw new SeedLookupException(message);
			}
			if (next instanceof SeedLookupException failure) {
				throw failure;
			}
			if (next instanceof RuntimeException failure) {
				throw failure;
			}
			if (next instanceof Error failure) {
				throw failure;
			}
			return new SeedAnswer((List<Seed>) next, List.of(), List.of(), Duration.ofSeconds(5));
		}

	}

}
