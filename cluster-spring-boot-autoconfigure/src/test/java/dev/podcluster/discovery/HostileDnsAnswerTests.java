package dev.podcluster.discovery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.io.IoClientFactory;
import org.xbill.DNS.io.TcpIoClient;
import org.xbill.DNS.io.UdpIoClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Answers no healthy cluster DNS gives, each with what the user sees: seeds, or one
 * failed lookup that keeps the last good seeds, within a bounded time.
 */
class HostileDnsAnswerTests {

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	private static final String SERVICE = "app.default.svc.cluster.local";

	private static final Name QUERY = name("_hazelcast._tcp." + SERVICE + ".");

	@Test
	void tenThousandSrvRecordsWithTheirAddressesBecomeTenThousandSeeds() throws Exception {
		Zone zone = new Zone();
		List<Record> additional = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			Name target = name("app-" + i + "." + SERVICE + ".");
			zone.add(new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, target));
			additional.add(new ARecord(target, DClass.IN, 5, ip("10.1." + (i / 250) + "." + (i % 250 + 1))));
		}
		zone.additional(QUERY, additional);
		long started = System.nanoTime();
		SeedAnswer answer = lookup(zone);
		assertThat(answer.seeds()).hasSize(10_000);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void tenThousandTargetsThatNeverResolveFailWithinOneBound() throws Exception {
		Zone zone = new Zone();
		for (int i = 0; i < 10_000; i++) {
			zone.add(new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, name("app-" + i + "." + SERVICE + ".")));
		}
		zone.silentForAddresses();
		long started = System.nanoTime();
		assertThatExceptionOfType(SeedLookupException.class).isThrownBy(() -> lookup(zone))
			.withMessageContaining("none of the 10000 records has a target that resolves")
			.withMessageEndingWith("and 9995 more");
		// Two resolutions' bound (the Service's name, then the targets), whatever the
		// count.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
	}

	@Test
	void targetsOutsideTheClusterDomainAreSkippedAndNeverAsked() throws Exception {
		Zone zone = new Zone();
		Name inside = name("app-0." + SERVICE + ".");
		Name elsewhere = name("pod.attacker.example.");
		Name otherService = name("db-0.db.default.svc.cluster.local.");
		zone.add(new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, inside),
				new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, elsewhere),
				new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, otherService),
				new ARecord(inside, DClass.IN, 5, ip("10.244.0.5")),
				new ARecord(elsewhere, DClass.IN, 5, ip("192.0.2.66")),
				new ARecord(otherService, DClass.IN, 5, ip("10.244.9.9")));
		SeedAnswer answer = lookup(zone);
		assertThat(answer.seeds()).extracting(Seed::toString).containsExactly("10.244.0.5:5701");
		assertThat(answer.skipped()).containsExactly("pod.attacker.example: outside the Service's domain " + SERVICE,
				"db-0.db.default.svc.cluster.local: outside the Service's domain " + SERVICE);
		assertThat(zone.asked()).doesNotContain("A pod.attacker.example.", "A db-0.db.default.svc.cluster.local.");
	}

	@Test
	void answerWithOnlyTargetsOutsideTheClusterDomainKeepsTheLastGoodSeeds() throws Exception {
		Zone zone = new Zone();
		Name elsewhere = name("pod.attacker.example.");
		zone.add(new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, elsewhere),
				new ARecord(elsewhere, DClass.IN, 5, ip("192.0.2.66")));
		assertKeepsTheLastGoodSeeds(zone, "outside the Service's domain");
	}

	@Test
	void wildcardAndMulticastAddressesAreNoSeeds() throws Exception {
		Zone zone = new Zone();
		Name good = name("app-0." + SERVICE + ".");
		Name wildcard = name("app-1." + SERVICE + ".");
		Name multicast = name("app-2." + SERVICE + ".");
		zone.add(new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, good),
				new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, wildcard),
				new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, multicast),
				new ARecord(good, DClass.IN, 5, ip("10.244.0.5")), new ARecord(wildcard, DClass.IN, 5, ip("0.0.0.0")),
				new ARecord(multicast, DClass.IN, 5, ip("224.2.2.3")));
		SeedAnswer answer = lookup(zone);
		assertThat(answer.seeds()).extracting(Seed::toString).containsExactly("10.244.0.5:5701");
		assertThat(answer.skipped()).containsExactly(
				"app-1." + SERVICE + ": 0.0.0.0 is no address a member can listen at",
				"app-2." + SERVICE + ": 224.2.2.3 is no address a member can listen at");
	}

	@Test
	void twoTargetsWithOneAddressAreOneSeed() throws Exception {
		Zone zone = new Zone();
		Name first = name("app-0." + SERVICE + ".");
		Name second = name("app-1." + SERVICE + ".");
		zone.add(new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, first),
				new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, second),
				new ARecord(first, DClass.IN, 5, ip("10.244.0.7")),
				new ARecord(second, DClass.IN, 5, ip("10.244.0.7")));
		assertThat(lookup(zone).seeds())
			.containsExactly(new Seed("app-0." + SERVICE, new InetSocketAddress(ip("10.244.0.7"), 5701)));
	}

	@Test
	void cnameLoopIsAFailedLookupThatKeepsTheLastGoodSeeds() throws Exception {
		Zone zone = new Zone();
		Name other = name("loop." + SERVICE + ".");
		zone.add(new CNAMERecord(QUERY, DClass.IN, 5, other), new CNAMERecord(other, DClass.IN, 5, QUERY));
		assertKeepsTheLastGoodSeeds(zone, "SRV " + QUERY);
	}

	@Test
	void targetInACnameLoopIsSkipped() throws Exception {
		Zone zone = new Zone();
		Name good = name("app-0." + SERVICE + ".");
		Name looped = name("app-1." + SERVICE + ".");
		Name back = name("app-1b." + SERVICE + ".");
		zone.add(new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, good),
				new SRVRecord(QUERY, DClass.IN, 5, 0, 1, 5701, looped),
				new ARecord(good, DClass.IN, 5, ip("10.244.0.5")), new CNAMERecord(looped, DClass.IN, 5, back),
				new CNAMERecord(back, DClass.IN, 5, looped));
		SeedAnswer answer = lookup(zone);
		assertThat(answer.seeds()).extracting(Seed::toString).containsExactly("10.244.0.5:5701");
		assertThat(answer.skipped()).singleElement().asString().startsWith("app-1." + SERVICE + ": ");
	}

	@Test
	void truncatedAnswerThatNeverCompletesOverTcpFailsWithinTheTimeout() throws Exception {
		// Long enough for the truncated UDP answer to arrive and the question to be asked
		// again over TCP however busy the machine: the TCP answer then never comes.
		Duration timeout = Duration.ofSeconds(1);
		try (TruncatingServer server = new TruncatingServer();
				DnsClient client = new DnsClient(List.of(server.address()), List.of(), 1, timeout)) {
			DnsSrvSeedProvider provider = new DnsSrvSeedProvider(client,
					SrvQuery.forService(SERVICE, "hazelcast", "tcp"), 5701);
			long started = System.nanoTime();
			assertThatExceptionOfType(SeedLookupException.class).isThrownBy(provider::lookup)
				.withMessageContaining("no answer from " + Seed.format(server.address()) + " within 1000 ms");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
			// It did ask again over TCP: the connection it opened is accepted.
			await().atMost(Duration.ofSeconds(5)).until(() -> server.tcpConnections() > 0);
		}
	}

	private static void assertKeepsTheLastGoodSeeds(Zone zone, String error) {
		try (DnsClient client = zone.client()) {
			DnsSrvSeedProvider dns = new DnsSrvSeedProvider(client, SrvQuery.forService(SERVICE, "hazelcast", "tcp"),
					5701);
			Seed known = new Seed("app-0." + SERVICE, new InetSocketAddress(ip("10.244.0.5"), 5701));
			List<SeedAnswer> first = new ArrayList<>(
					List.of(new SeedAnswer(List.of(known), List.of(), List.of(), Duration.ofSeconds(5))));
			SeedProvider provider = new SeedProvider() {

				@Override
				public String query() {
					return dns.query();
				}

				@Override
				public SeedAnswer lookup() throws SeedLookupException {
					return first.isEmpty() ? dns.lookup() : first.remove(0);
				}

			};
			try (SeedTracker tracker = new SeedTracker(provider, Duration.ZERO, Duration.ofHours(1), 3,
					Clock.systemUTC())) {
				assertThat(tracker.lookupNow(Duration.ofSeconds(10)).seeds()).containsExactly(known);
				DiscoverySnapshot after = tracker.lookupNow(Duration.ofSeconds(10));
				assertThat(after.error()).contains(error);
				assertThat(after.seeds()).containsExactly(known);
			}
		}
	}

	private static SeedAnswer lookup(Zone zone) throws SeedLookupException {
		try (DnsClient client = zone.client()) {
			return new DnsSrvSeedProvider(client, SrvQuery.forService(SERVICE, "hazelcast", "tcp"), 5701).lookup();
		}
	}

	private static Name name(String name) {
		try {
			return Name.fromString(name);
		}
		catch (org.xbill.DNS.TextParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private static InetAddress ip(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	/**
	 * A server's records, answered from the wire as a server would (CNAMEs included,
	 * never followed), over UDP and TCP alike; it can leave address queries unanswered.
	 */
	private static final class Zone implements IoClientFactory {

		private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();

		private final Map<Name, List<Record>> additional = new ConcurrentHashMap<>();

		private final List<String> asked = java.util.Collections.synchronizedList(new ArrayList<>());

		private volatile boolean silentForAddresses;

		void add(Record... added) {
			for (Record record : added) {
				this.records.computeIfAbsent(record.getName(), (name) -> new ArrayList<>()).add(record);
			}
		}

		void additional(Name name, List<Record> added) {
			this.additional.put(name, added);
		}

		void silentForAddresses() {
			this.silentForAddresses = true;
		}

		List<String> asked() {
			return List.copyOf(this.asked);
		}

		DnsClient client() {
			return new DnsClient(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 53)), List.of(), 1,
					TIMEOUT, this);
		}

		private CompletableFuture<byte[]> answer(Message query) {
			Record question = query.getQuestion();
			this.asked.add(Type.string(question.getType()) + " " + question.getName());
			boolean address = question.getType() == Type.A || question.getType() == Type.AAAA;
			if (address && this.silentForAddresses) {
				return new CompletableFuture<>();
			}
			Message response = new Message(query.getHeader().getID());
			response.getHeader().setFlag(Flags.QR);
			response.getHeader().setFlag(Flags.AA);
			response.addRecord(question, Section.QUESTION);
			List<Record> owned = this.records.getOrDefault(question.getName(), List.of());
			if (owned.isEmpty()) {
				response.getHeader().setRcode(Rcode.NXDOMAIN);
			}
			for (Record record : owned) {
				if (record.getType() == question.getType() || record.getType() == Type.CNAME) {
					response.addRecord(record, Section.ANSWER);
				}
			}
			this.additional.getOrDefault(question.getName(), List.of())
				.forEach((record) -> response.addRecord(record, Section.ADDITIONAL));
			return CompletableFuture.completedFuture(response.toWire());
		}

		@Override
		public TcpIoClient createOrGetTcpClient() {
			return (local, remote, query, data, timeout) -> answer(query);
		}

		@Override
		public UdpIoClient createOrGetUdpClient() {
			return (local, remote, query, data, max, timeout) -> answer(query);
		}

	}

	/**
	 * A DNS server on loopback that answers every UDP query with an empty, truncated
	 * answer (TC), and accepts TCP connections that then hear nothing.
	 */
	private static final class TruncatingServer implements AutoCloseable {

		private final DatagramSocket udp;

		private final ServerSocket tcp;

		private final List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());

		TruncatingServer() throws IOException {
			this.tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			this.udp = new DatagramSocket(
					new InetSocketAddress(InetAddress.getLoopbackAddress(), this.tcp.getLocalPort()));
			start(this::answerUdp);
			start(this::acceptTcp);
		}

		private static void start(Runnable loop) {
			Thread thread = new Thread(loop, "truncating-dns");
			thread.setDaemon(true);
			thread.start();
		}

		InetSocketAddress address() {
			return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.tcp.getLocalPort());
		}

		int tcpConnections() {
			return this.accepted.size();
		}

		private void answerUdp() {
			byte[] buffer = new byte[512];
			while (!this.udp.isClosed()) {
				try {
					DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
					this.udp.receive(packet);
					Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
					Message truncated = new Message(query.getHeader().getID());
					truncated.getHeader().setFlag(Flags.QR);
					truncated.getHeader().setFlag(Flags.TC);
					truncated.addRecord(query.getQuestion(), Section.QUESTION);
					byte[] wire = truncated.toWire();
					this.udp.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
				}
				catch (IOException ex) {
					// closed
				}
			}
		}

		private void acceptTcp() {
			while (!this.tcp.isClosed()) {
				try {
					this.accepted.add(this.tcp.accept());
				}
				catch (IOException ex) {
					// closed
				}
			}
		}

		@Override
		public void close() throws IOException {
			this.udp.close();
			this.tcp.close();
			for (Socket socket : this.accepted) {
				socket.close();
			}
		}

	}

}
