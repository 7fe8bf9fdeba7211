package dev.podcluster.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a DNS server answers, the answer becomes seeds or one failed lookup, never
 * anything else; it never replaces the last good seeds with garbage; and it is handled in
 * bounded time and memory. Every build replays the committed inputs
 * ({@code DnsAnswerFuzzTestsInputs}); the {@code fuzz} profile fuzzes for real
 * (docs/security.md, "Hostile input").
 */
class DnsAnswerFuzzTests {

	private static final SrvQuery QUERY = SrvQuery.forService("app.default.svc.cluster.local", "hazelcast", "tcp");

	private static final int HAZELCAST_PORT = 5701;

	/** Far more than any answer from the script needs; a wait on a timeout is a bug. */
	private static final Duration LOOKUP_BOUND = Duration.ofSeconds(5);

	/** A DNS message holds at most 64 KiB: its SRV records, 18 bytes or more each. */
	private static final int MAX_RECORDS = 65535 / 18;

	/** An error message stays readable in a log line and in the actuator's answer. */
	private static final int MAX_ERROR_LENGTH = 4096;

	private static final ScriptedDnsWire wire = new ScriptedDnsWire();

	private static final DnsClient dns = new DnsClient(
			List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53)), List.of(), 1, Duration.ofMillis(500),
			wire);

	private static final List<Seed> GOOD = List.of(
			new Seed("app-0.app.default.svc.cluster.local", new InetSocketAddress(ip("10.244.0.5"), HAZELCAST_PORT)),
			new Seed("app-1.app.default.svc.cluster.local", new InetSocketAddress(ip("10.244.0.6"), HAZELCAST_PORT)));

	@AfterAll
	static void closeClient() {
		dns.close();
	}

	@FuzzTest
	void anyAnswerIsSeedsOrAFailedLookup(byte[] script) {
		wire.script(script);
		DnsSrvSeedProvider provider = new DnsSrvSeedProvider(dns, QUERY, HAZELCAST_PORT);
		long started = System.nanoTime();
		SeedAnswer answer;
		try {
			answer = provider.lookup();
		}
		catch (SeedLookupException ex) {
			assertThat(ex.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_ERROR_LENGTH);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LOOKUP_BOUND);
			return;
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(LOOKUP_BOUND);
		assertWellFormed(answer.seeds());
		assertThat(answer.seeds()).hasSizeLessThanOrEqualTo(MAX_RECORDS * 16);
		assertThat(answer.records()).hasSizeLessThanOrEqualTo(MAX_RECORDS);
		assertThat(answer.skipped()).hasSizeLessThanOrEqualTo(MAX_RECORDS);
		assertThat(answer.ttl()).isGreaterThanOrEqualTo(Duration.ZERO);
	}

	@FuzzTest
	void anyAnswerKeepsOrExtendsTheLastGoodSeeds(byte[] script) {
		wire.script(script);
		FirstGoodThenDns provider = new FirstGoodThenDns(new DnsSrvSeedProvider(dns, QUERY, HAZELCAST_PORT));
		try (SeedTracker tracker = new SeedTracker(provider, Duration.ZERO, Duration.ofHours(1), 3,
				Clock.systemUTC())) {
			assertThat(tracker.lookupNow(LOOKUP_BOUND).seeds()).isEqualTo(GOOD);
			for (int lookup = 0; lookup < 2; lookup++) {
				List<Seed> before = tracker.seeds();
				DiscoverySnapshot after = tracker.lookupNow(LOOKUP_BOUND);
				assertThat(after.lastLookup()).isNotNull();
				if (after.error() != null) {
					assertThat(after.seeds()).isEqualTo(before);
					assertThat(after.error()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_ERROR_LENGTH);
				}
				else {
					// Seeds missing from fewer than three answers stay; an address the
					// answer names anew keeps its place under the new name.
					assertThat(after.seeds()).extracting(Seed::address)
						.containsAll(before.stream().map(Seed::address).toList());
					assertWellFormed(after.seeds());
				}
			}
		}
	}

	private static void assertWellFormed(List<Seed> seeds) {
		assertThat(seeds).isNotEmpty();
		Set<InetSocketAddress> addresses = new LinkedHashSet<>();
		for (Seed seed : seeds) {
			assertThat(seed.name()).isNotBlank();
			assertThat(seed.address().isUnresolved()).isFalse();
			assertThat(seed.address().getPort()).isBetween(1, 65535);
			InetAddress address = seed.address().getAddress();
			assertThat(address.isAnyLocalAddress() || address.isMulticastAddress())
				.as("%s is no address a member can listen at", seed)
				.isFalse();
			assertThat(addresses.add(seed.address())).as("%s is listed once", seed).isTrue();
		}
	}

	private static InetAddress ip(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The known good seeds first, then whatever the DNS answers. */
	private static final class FirstGoodThenDns implements SeedProvider {

		private final SeedProvider dns;

		private boolean answered;

		FirstGoodThenDns(SeedProvider dns) {
			this.dns = dns;
		}

		@Override
		public String query() {
			return this.dns.query();
		}

		@Override
		public SeedAnswer lookup() throws SeedLookupException {
			if (!this.answered) {
				this.answered = true;
				return new SeedAnswer(GOOD, List.of(), new ArrayList<>(), Duration.ofSeconds(5));
			}
			return this.dns.lookup();
		}

	}

}
