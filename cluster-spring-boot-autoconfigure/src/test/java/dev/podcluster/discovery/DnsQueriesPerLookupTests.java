package dev.podcluster.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.podcluster.testsupport.dns.BindServer;
import dev.podcluster.testsupport.dns.HeadlessService;
import dev.podcluster.testsupport.dns.KubernetesDns;
import dev.podcluster.testsupport.dns.ServicePort;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many DNS queries one lookup costs, counted as they go on the wire, against a BIND 9
 * that answers as CoreDNS does (targets' addresses in the additional section) and one
 * that answers minimally.
 */
class DnsQueriesPerLookupTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final String QUERY = "_hazelcast._tcp.orders.shop.svc.cluster.local.";

	private static final String DUAL = "_hazelcast._tcp.dual.shop.svc.cluster.local.";

	private static final String LARGE = "_hazelcast._tcp.large.shop.svc.cluster.local.";

	@Test
	void oneQueryPerLookupWhenTheAnswerCarriesEveryTargetsAddress() throws Exception {
		try (BindServer server = BindServer.builder().start()) {
			List<String> questions = lookUpFourPods(server);
			assertThat(questions).containsExactly("SRV " + QUERY);
		}
	}

	@Test
	void eachTargetIsAskedWhenTheAnswerCarriesNoAddresses() throws Exception {
		try (BindServer server = BindServer.builder().additionalRecords(false).start()) {
			List<String> questions = lookUpFourPods(server);
			assertThat(questions).hasSize(5).startsWith("SRV " + QUERY);
			assertThat(questions.subList(1, 5)).allMatch((question) -> question.startsWith("A orders-"));
		}
	}

	@Test
	void onlyTheTargetMissingFromTheAnswerIsAsked() throws Exception {
		try (BindServer server = BindServer.builder().start()) {
			Name name = Name.fromString("_hazelcast._tcp.mixed.dev.svc.cluster.local.");
			Name direct = Name.fromString("mixed-0.mixed.dev.svc.cluster.local.");
			Name alias = Name.fromString("mixed-1.mixed.dev.svc.cluster.local.");
			Name real = Name.fromString("node-1.real.dev.svc.cluster.local.");
			server.add(new SRVRecord(name, DClass.IN, 5, 0, 50, 5701, direct),
					new SRVRecord(name, DClass.IN, 5, 0, 50, 5701, alias),
					new ARecord(direct, DClass.IN, 5, ip("10.244.1.20")), new CNAMERecord(alias, DClass.IN, 5, real),
					new ARecord(real, DClass.IN, 5, ip("10.244.1.21")));
			QueryCountingTransport transport = new QueryCountingTransport();
			try (DnsClient client = new DnsClient(List.of(server.address()), List.of(), 1, TIMEOUT, transport)) {
				SeedAnswer answer = new DnsSrvSeedProvider(client, name, 5701, null).lookup();
				assertThat(answer.seeds()).extracting(Seed::toString)
					.containsExactlyInAnyOrder("10.244.1.20:5701", "10.244.1.21:5701");
				assertThat(transport.queries()).containsExactly("SRV " + name, "A " + alias);
			}
		}
	}

	@Test
	void answerCutForRoomCostsOneQueryOverUdpAndOneOverTcp() throws Exception {
		// 13 pods with long names: the SRV records fit in a UDP answer of 1232 bytes,
		// the addresses of the last two do not, and BIND leaves them out without
		// setting TC, as CoreDNS does.
		try (BindServer server = BindServer.builder().start()) {
			List<String> queries = lookUp(server, 13);
			assertThat(queries).containsExactly("SRV " + LARGE, "SRV " + LARGE + " over TCP");
		}
	}

	@Test
	void answerTooLargeForUdpIsAskedAgainOverTcpOnceAndTheServiceNameGivesTheAddresses() throws Exception {
		// 150 pods: the SRV records alone do not fit in UDP (TC). BIND sends no
		// addresses along with more than 13 records, even over TCP (CoreDNS sends what
		// fits in 64 KiB: about 100 of 1,000), so the Service's own name, which has an
		// address per pod, is asked once instead of each target.
		try (BindServer server = BindServer.builder().start()) {
			List<String> queries = lookUp(server, 150);
			assertThat(queries).startsWith("SRV " + LARGE, "SRV " + LARGE + " over TCP")
				.noneMatch((query) -> query.contains("large-statefulset-member-"));
			assertThat(queries.subList(2, queries.size())).isNotEmpty()
				.allMatch((query) -> query.startsWith("A large.shop.svc.cluster.local."));
			assertThat(queries).hasSizeLessThanOrEqualTo(4);
		}
	}

	@Test
	void answerWithRoomToSpareIsNotAskedAgainOverTcp() throws Exception {
		// 14 pods: BIND adds no addresses to an answer of more than 13 records although
		// they would fit; asking over TCP would bring none either. The Service's name
		// has them all.
		try (BindServer server = BindServer.builder().start()) {
			List<String> queries = lookUp(server, 14);
			assertThat(queries).containsExactly("SRV " + LARGE, "A large.shop.svc.cluster.local.");
		}
	}

	@Test
	void aServiceWhosePortsDifferByPodIsAskedTargetByTarget() throws Exception {
		// The Service's name gives addresses without ports: with several ports among the
		// records, only each target's own record tells which port is whose.
		try (BindServer server = BindServer.builder().additionalRecords(false).start()) {
			HeadlessService service = new KubernetesDns(server).headlessService("large", "shop",
					List.of(new ServicePort("hazelcast", "tcp", 5701)));
			for (int i = 0; i < 10; i++) {
				service.addEndpoint("member-" + i, ip("10.244.2." + (10 + i)), Map.of("hazelcast", 5701 + i));
			}
			QueryCountingTransport transport = new QueryCountingTransport();
			try (DnsClient client = new DnsClient(List.of(server.address()), List.of(), 1, TIMEOUT, transport)) {
				SeedAnswer answer = new DnsSrvSeedProvider(client, Name.fromString(LARGE), 5701, null).lookup();
				assertThat(answer.seeds()).extracting(Seed::toString).contains("10.244.2.10:5701", "10.244.2.19:5710");
				assertThat(transport.queries()).hasSize(11).noneMatch((query) -> query.startsWith("A large."));
			}
		}
	}

	@Test
	void ipv6NodeOfADualStackServiceTakesAaaaRecordsFromTheAnswer() throws Exception {
		try (BindServer server = BindServer.builder().start()) {
			assertThat(lookUpDualStack(server)).containsExactly("SRV " + DUAL);
		}
	}

	@Test
	void ipv6NodeAsksForAaaaRecordsOnlyWhenTheAnswerCarriesNoAddresses() throws Exception {
		try (BindServer server = BindServer.builder().additionalRecords(false).start()) {
			assertThat(lookUpDualStack(server)).containsExactlyInAnyOrder("SRV " + DUAL,
					"AAAA dual-0.dual.shop.svc.cluster.local.", "AAAA dual-1.dual.shop.svc.cluster.local.");
		}
	}

	private static List<String> lookUpDualStack(BindServer server) throws Exception {
		HeadlessService service = new KubernetesDns(server).headlessService("dual", "shop",
				List.of(new ServicePort("hazelcast", "tcp", 5701)));
		service.addDualStackEndpoint("dual-0", ip("10.244.11.10"), ip("fd00:10:244::b:10"));
		service.addDualStackEndpoint("dual-1", ip("10.244.11.11"), ip("fd00:10:244::b:11"));
		QueryCountingTransport transport = new QueryCountingTransport();
		try (DnsClient client = new DnsClient(List.of(server.address()), List.of(), 1, TIMEOUT, transport)) {
			SrvQuery query = new SrvQuery(Name.fromString(DUAL), null, false);
			SeedAnswer answer = new DnsSrvSeedProvider(client, query, 5701, AddressFamily.IPV6).lookup();
			assertThat(answer.seeds()).extracting(Seed::toString)
				.containsExactlyInAnyOrder("[fd00:10:244:0:0:0:b:10]:5701", "[fd00:10:244:0:0:0:b:11]:5701");
			return transport.queries();
		}
	}

	private static List<String> lookUp(BindServer server, int pods) throws Exception {
		HeadlessService service = new KubernetesDns(server).headlessService("large", "shop",
				List.of(new ServicePort("hazelcast", "tcp", 5701)));
		service.addEndpoints(pods, (i) -> "large-statefulset-member-" + i,
				(i) -> ip("10.244." + (i / 250) + "." + (1 + i % 250)));
		QueryCountingTransport transport = new QueryCountingTransport();
		try (DnsClient client = new DnsClient(List.of(server.address()), List.of(), 1, TIMEOUT, transport)) {
			SeedAnswer answer = new DnsSrvSeedProvider(client, Name.fromString(LARGE), 5701, null).lookup();
			assertThat(answer.seeds()).hasSize(pods);
			assertThat(answer.skipped()).isEmpty();
			return transport.queries();
		}
	}

	private static List<String> lookUpFourPods(BindServer server) throws Exception {
		HeadlessService service = new KubernetesDns(server).headlessService("orders", "shop",
				List.of(new ServicePort("hazelcast", "tcp", 5701)));
		for (int i = 0; i < 4; i++) {
			service.addEndpoint("orders-" + i, ip("10.244.1." + (10 + i)));
		}
		QueryCountingTransport transport = new QueryCountingTransport();
		try (DnsClient client = new DnsClient(List.of(server.address()), List.of(), 1, TIMEOUT, transport)) {
			DnsSrvSeedProvider provider = new DnsSrvSeedProvider(client, Name.fromString(QUERY), 5701, null);
			assertThat(provider.lookup().seeds()).extracting(Seed::toString)
				.containsExactlyInAnyOrder("10.244.1.10:5701", "10.244.1.11:5701", "10.244.1.12:5701",
						"10.244.1.13:5701");
			transport.reset();
			// A second lookup, as every poll does: still what the first cost.
			assertThat(provider.lookup().seeds()).hasSize(4);
			return transport.queries();
		}
	}

	private static InetAddress ip(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

}
