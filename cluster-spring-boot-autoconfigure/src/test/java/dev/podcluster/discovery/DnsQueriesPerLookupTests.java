package dev.podcluster.discovery;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

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
 * How many DNS queries one lookup costs, counted at the resolver, against a BIND 9 that
 * answers as CoreDNS does (targets' addresses in the additional section) and one that
 * answers minimally.
 */
class DnsQueriesPerLookupTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	private static final String QUERY = "_hazelcast._tcp.orders.shop.svc.cluster.local.";

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
			QueryCountingResolver resolver = new QueryCountingResolver(server.address(), TIMEOUT);
			try (DnsClient client = new DnsClient(List.of(server.address()), List.of(), 1, TIMEOUT, resolver)) {
				SeedAnswer answer = new DnsSrvSeedProvider(client, name, 5701, null).lookup();
				assertThat(answer.seeds()).extracting(Seed::toString)
					.containsExactlyInAnyOrder("10.244.1.20:5701", "10.244.1.21:5701");
				assertThat(resolver.questions()).containsExactly("SRV " + name, "A " + alias);
			}
		}
	}

	private static List<String> lookUpFourPods(BindServer server) throws Exception {
		HeadlessService service = new KubernetesDns(server).headlessService("orders", "shop",
				List.of(new ServicePort("hazelcast", "tcp", 5701)));
		for (int i = 0; i < 4; i++) {
			service.addEndpoint("orders-" + i, ip("10.244.1." + (10 + i)));
		}
		QueryCountingResolver resolver = new QueryCountingResolver(server.address(), TIMEOUT);
		try (DnsClient client = new DnsClient(List.of(server.address()), List.of(), 1, TIMEOUT, resolver)) {
			DnsSrvSeedProvider provider = new DnsSrvSeedProvider(client, Name.fromString(QUERY), 5701, null);
			assertThat(provider.lookup().seeds()).extracting(Seed::toString)
				.containsExactlyInAnyOrder("10.244.1.10:5701", "10.244.1.11:5701", "10.244.1.12:5701",
						"10.244.1.13:5701");
			resolver.reset();
			// A second lookup, as every poll does: still what the first cost.
			assertThat(provider.lookup().seeds()).hasSize(4);
			return resolver.questions();
		}
	}

	private static InetAddress ip(String literal) throws Exception {
		return InetAddress.getByName(literal);
	}

}
