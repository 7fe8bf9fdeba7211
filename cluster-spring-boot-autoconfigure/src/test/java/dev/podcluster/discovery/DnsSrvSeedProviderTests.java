package dev.podcluster.discovery;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.podcluster.testsupport.dns.BindServer;
import dev.podcluster.testsupport.dns.HeadlessService;
import dev.podcluster.testsupport.dns.KubernetesDns;
import dev.podcluster.testsupport.dns.ServicePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * DNS SRV discovery against a real BIND 9 serving what CoreDNS serves for a headless
 * Service.
 */
class DnsSrvSeedProviderTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static BindServer dns;

	private static KubernetesDns kubernetes;

	private static DnsClient client;

	@BeforeAll
	static void startDns() {
		dns = BindServer.builder().start();
		kubernetes = new KubernetesDns(dns);
		client = new DnsClient(List.of(dns.address()), List.of(), 1, TIMEOUT);
	}

	@AfterAll
	static void stopDns() {
		client.close();
		dns.close();
	}

	@Test
	void namedPortSrvRecordsBecomeSeedsWithTheirPorts() throws Exception {
		HeadlessService service = kubernetes.headlessService("orders", "shop", List.of(hazelcastPort()));
		service.addEndpoint("orders-0", ip("10.244.1.10"));
		service.addEndpoint("orders-1", ip("10.244.1.11"));
		service.addEndpoint("orders-2", ip("10.244.1.12"));
		SeedAnswer answer = provider("_hazelcast._tcp.orders.shop.svc.cluster.local.").lookup();
		assertThat(answer.seeds()).extracting(Seed::toString)
			.containsExactlyInAnyOrder("10.244.1.10:5701", "10.244.1.11:5701", "10.244.1.12:5701");
		assertThat(answer.seeds()).extracting(Seed::name).contains("orders-0.orders.shop.svc.cluster.local");
		assertThat(answer.records()).hasSize(3).allSatisfy((record) -> assertThat(record).contains("SRV"));
		assertThat(answer.ttl()).isEqualTo(Duration.ofSeconds(5));
		assertThat(answer.skipped()).isEmpty();
	}

	@Test
	void bareServiceNameAnswersToo() throws Exception {
		HeadlessService service = kubernetes.headlessService("billing", "shop", List.of(hazelcastPort()));
		service.addEndpoint(null, ip("10.244.2.20"));
		SeedAnswer answer = provider("billing.shop.svc.cluster.local.").lookup();
		assertThat(answer.seeds()).extracting(Seed::toString).containsExactly("10.244.2.20:5701");
		assertThat(answer.seeds()).extracting(Seed::name).containsExactly("10-244-2-20.billing.shop.svc.cluster.local");
	}

	@Test
	void srvPortIsUsedPerEndpoint() throws Exception {
		HeadlessService service = kubernetes.headlessService("local", "dev", List.of(hazelcastPort()));
		service.addEndpoint("a", ip("127.0.0.1"), Map.of("hazelcast", 5801));
		service.addEndpoint("b", ip("127.0.0.1"), Map.of("hazelcast", 5802));
		SeedAnswer answer = provider("_hazelcast._tcp.local.dev.svc.cluster.local.").lookup();
		assertThat(answer.seeds()).extracting(Seed::toString)
			.containsExactlyInAnyOrder("127.0.0.1:5801", "127.0.0.1:5802");
	}

	@Test
	void portZeroMeansTheConfiguredHazelcastPort() throws Exception {
		Name name = Name.fromString("_hazelcast._tcp.zero.dev.svc.cluster.local.");
		Name target = Name.fromString("zero-0.zero.dev.svc.cluster.local.");
		dns.add(new SRVRecord(name, DClass.IN, 5, 0, 100, 0, target),
				new ARecord(target, DClass.IN, 5, ip("10.244.3.3")));
		assertThat(provider(name.toString()).lookup().seeds()).extracting(Seed::toString)
			.containsExactly("10.244.3.3:5999");
	}

	@Test
	void cnameTargetIsFollowed() throws Exception {
		Name name = Name.fromString("_hazelcast._tcp.alias.dev.svc.cluster.local.");
		Name target = Name.fromString("alias-0.alias.dev.svc.cluster.local.");
		Name real = Name.fromString("node-0.real.dev.svc.cluster.local.");
		dns.add(new SRVRecord(name, DClass.IN, 5, 0, 100, 5701, target), new CNAMERecord(target, DClass.IN, 5, real),
				new ARecord(real, DClass.IN, 5, ip("10.244.4.4")));
		assertThat(provider(name.toString()).lookup().seeds()).extracting(Seed::toString)
			.containsExactly("10.244.4.4:5701");
	}

	@Test
	void unresolvableTargetIsSkippedAndReported() throws Exception {
		Name name = Name.fromString("_hazelcast._tcp.half.dev.svc.cluster.local.");
		Name good = Name.fromString("half-0.half.dev.svc.cluster.local.");
		Name gone = Name.fromString("half-1.half.dev.svc.cluster.local.");
		dns.add(new SRVRecord(name, DClass.IN, 5, 0, 50, 5701, good),
				new SRVRecord(name, DClass.IN, 5, 0, 50, 5701, gone),
				new ARecord(good, DClass.IN, 5, ip("10.244.5.5")));
		SeedAnswer answer = provider(name.toString()).lookup();
		assertThat(answer.seeds()).extracting(Seed::toString).containsExactly("10.244.5.5:5701");
		assertThat(answer.skipped()).singleElement()
			.asString()
			.contains("half-1.half.dev.svc.cluster.local:")
			.contains("NXDOMAIN");
	}

	@Test
	void answerWithNoResolvableTargetIsAFailure() throws Exception {
		Name name = Name.fromString("_hazelcast._tcp.ghost.dev.svc.cluster.local.");
		dns.add(new SRVRecord(name, DClass.IN, 5, 0, 100, 5701,
				Name.fromString("ghost-0.ghost.dev.svc.cluster.local.")));
		assertThatExceptionOfType(SeedLookupException.class).isThrownBy(() -> provider(name.toString()).lookup())
			.withMessageContaining("none of the 1 records has a target that resolves");
	}

	@Test
	void unknownServiceIsNxdomain() {
		assertThatExceptionOfType(SeedLookupException.class)
			.isThrownBy(() -> provider("_hazelcast._tcp.missing.dev.svc.cluster.local.").lookup())
			.withMessage("SRV _hazelcast._tcp.missing.dev.svc.cluster.local.: no such name (NXDOMAIN)");
	}

	@Test
	void serverThatNeverAnswersTimesOutWithinTheTimeout() throws Exception {
		try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
				DnsClient silentClient = new DnsClient(List.of((InetSocketAddress) silent.getLocalSocketAddress()),
						List.of(), 1, TIMEOUT)) {
			long started = System.nanoTime();
			assertThatExceptionOfType(SeedLookupException.class)
				.isThrownBy(() -> new DnsSrvSeedProvider(silentClient,
						Name.fromString("_hazelcast._tcp.orders.shop.svc.cluster.local."), 5701, null)
					.lookup())
				.withMessageContaining("no answer from 127.0.0.1:" + silent.getLocalPort() + " within 500 ms");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		}
	}

	@Test
	void nextServerAnswersWhenTheFirstNeverDoes() throws Exception {
		HeadlessService service = kubernetes.headlessService("second", "shop", List.of(hazelcastPort()));
		service.addEndpoint("second-0", ip("10.244.1.30"));
		try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
				DnsClient twoServers = new DnsClient(
						List.of((InetSocketAddress) silent.getLocalSocketAddress(), dns.address()), List.of(), 1,
						TIMEOUT)) {
			long started = System.nanoTime();
			SeedAnswer answer = new DnsSrvSeedProvider(twoServers,
					Name.fromString("_hazelcast._tcp.second.shop.svc.cluster.local."), 5701, null)
				.lookup();
			assertThat(answer.seeds()).extracting(Seed::toString).containsExactly("10.244.1.30:5701");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		}
	}

	@Test
	void twoSilentServersTimeOutWithinBothTimeouts() throws Exception {
		try (DatagramSocket first = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
				DatagramSocket second = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
				DnsClient twoServers = new DnsClient(List.of((InetSocketAddress) first.getLocalSocketAddress(),
						(InetSocketAddress) second.getLocalSocketAddress()), List.of(), 1, TIMEOUT)) {
			long started = System.nanoTime();
			assertThatExceptionOfType(SeedLookupException.class)
				.isThrownBy(() -> new DnsSrvSeedProvider(twoServers,
						Name.fromString("_hazelcast._tcp.orders.shop.svc.cluster.local."), 5701, null)
					.lookup())
				.withMessageContaining(
						"no answer from 127.0.0.1:" + first.getLocalPort() + ", 127.0.0.1:" + second.getLocalPort());
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
		}
	}

	@Test
	void serverThatIsDownIsReportedAsUnreachable() throws Exception {
		int port;
		try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			port = probe.getLocalPort();
		}
		try (DnsClient downClient = new DnsClient(
				List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)), List.of(), 1, TIMEOUT)) {
			assertThatExceptionOfType(SeedLookupException.class)
				.isThrownBy(() -> new DnsSrvSeedProvider(downClient,
						Name.fromString("_hazelcast._tcp.orders.shop.svc.cluster.local."), 5701, null)
					.lookup())
				.withMessageContaining("127.0.0.1:" + port);
		}
	}

	@Test
	void largeAnswerComesBackCompleteOverTcp() throws Exception {
		HeadlessService service = kubernetes.headlessService("a-service-with-a-rather-long-name-for-many-pods", "shop",
				List.of(hazelcastPort()));
		for (int i = 0; i < 120; i++) {
			service.addEndpoint("a-service-with-a-rather-long-name-for-many-pods-" + i, ip("10.244.9." + i));
		}
		SeedAnswer answer = provider(
				"_hazelcast._tcp.a-service-with-a-rather-long-name-for-many-pods.shop.svc.cluster.local.")
			.lookup();
		assertThat(answer.seeds()).hasSize(120);
	}

	@Test
	void serviceWhosePortHasNoNameIsFoundAtItsBareNameOnTheHazelcastPort() throws Exception {
		HeadlessService service = kubernetes.headlessService("unnamed", "shop",
				List.of(new ServicePort(null, "tcp", 5701), new ServicePort("http", "tcp", 8080)));
		service.addEndpoint(null, ip("10.244.7.1"));
		service.addEndpoint(null, ip("10.244.7.2"));
		DnsSrvSeedProvider provider = new DnsSrvSeedProvider(client,
				Name.fromString("_hazelcast._tcp.unnamed.shop.svc.cluster.local."), 5701,
				Name.fromString("unnamed.shop.svc.cluster.local."));
		assertThat(provider.lookup().seeds()).extracting(Seed::toString)
			.containsExactlyInAnyOrder("10.244.7.1:5701", "10.244.7.2:5701");
	}

	@Test
	void bareServiceNameKeepsOnlyTheHazelcastPort() throws Exception {
		HeadlessService service = kubernetes.headlessService("web-and-cluster", "shop",
				List.of(hazelcastPort(), new ServicePort("http", "tcp", 8080)));
		service.addEndpoint("web-and-cluster-0", ip("10.244.7.10"));
		service.addEndpoint("web-and-cluster-1", ip("10.244.7.11"));
		SrvQuery query = SrvQuery.forService("web-and-cluster.shop.svc.cluster.local", "", "tcp");
		SeedAnswer answer = new DnsSrvSeedProvider(client, query, 5701).lookup();
		assertThat(answer.seeds()).extracting(Seed::toString)
			.containsExactlyInAnyOrder("10.244.7.10:5701", "10.244.7.11:5701");
		assertThat(answer.records()).hasSize(2).noneMatch((record) -> record.contains(" 8080 "));
	}

	@Test
	void bareServiceNameWithoutTheHazelcastPortSaysSo() throws Exception {
		HeadlessService service = kubernetes.headlessService("web", "shop",
				List.of(new ServicePort("http", "tcp", 8080)));
		service.addEndpoint("web-0", ip("10.244.7.20"));
		SrvQuery query = SrvQuery.forService("web.shop.svc.cluster.local", "", "tcp");
		assertThatExceptionOfType(SeedLookupException.class)
			.isThrownBy(() -> new DnsSrvSeedProvider(client, query, 5701).lookup())
			.withMessage("SRV web.shop.svc.cluster.local. has no record for port 5701 (cluster.hazelcast.port),"
					+ " only for 8080");
	}

	@Test
	void fallbackWithoutTheHazelcastPortSaysSo() throws Exception {
		HeadlessService service = kubernetes.headlessService("webonly", "shop",
				List.of(new ServicePort("http", "tcp", 8080)));
		service.addEndpoint(null, ip("10.244.8.1"));
		DnsSrvSeedProvider provider = new DnsSrvSeedProvider(client,
				Name.fromString("_hazelcast._tcp.webonly.shop.svc.cluster.local."), 5701,
				Name.fromString("webonly.shop.svc.cluster.local."));
		assertThatExceptionOfType(SeedLookupException.class).isThrownBy(provider::lookup)
			.withMessageContaining("_hazelcast._tcp.webonly.shop.svc.cluster.local.")
			.withMessageContaining("has no record for port 5701");
	}

	@Test
	void ipv6PodsAreFoundThroughAaaaRecords() throws Exception {
		HeadlessService service = kubernetes.headlessService("six", "shop", List.of(hazelcastPort()));
		service.addEndpoint(null, ip("fd00:10:244::5"));
		SeedAnswer answer = provider("_hazelcast._tcp.six.shop.svc.cluster.local.").lookup();
		assertThat(answer.seeds()).extracting(Seed::toString).containsExactly("[fd00:10:244:0:0:0:0:5]:5701");
		assertThat(answer.seeds()).extracting(Seed::name).containsExactly("fd00-10-244--5.six.shop.svc.cluster.local");
	}

	@Test
	void dualStackStatefulSetGivesEachNodeSeedsOfItsOwnFamily() throws Exception {
		HeadlessService service = kubernetes.headlessService("dual", "shop", List.of(hazelcastPort()));
		service.addDualStackEndpoint("dual-0", ip("10.244.11.10"), ip("fd00:10:244::b:10"));
		service.addDualStackEndpoint("dual-1", ip("10.244.11.11"), ip("fd00:10:244::b:11"));
		SrvQuery query = SrvQuery.forService("dual.shop.svc.cluster.local", "hazelcast", "tcp");
		assertThat(new DnsSrvSeedProvider(client, query, 5701, AddressFamily.IPV6).lookup().seeds())
			.extracting(Seed::toString)
			.containsExactlyInAnyOrder("[fd00:10:244:0:0:0:b:10]:5701", "[fd00:10:244:0:0:0:b:11]:5701");
		assertThat(new DnsSrvSeedProvider(client, query, 5701, AddressFamily.IPV4).lookup().seeds())
			.extracting(Seed::toString)
			.containsExactlyInAnyOrder("10.244.11.10:5701", "10.244.11.11:5701");
		// A node whose own family is unknown gets IPv4 seeds, as before dual stack.
		assertThat(new DnsSrvSeedProvider(client, query, 5701).lookup().seeds()).extracting(Seed::toString)
			.containsExactlyInAnyOrder("10.244.11.10:5701", "10.244.11.11:5701");
	}

	@Test
	void dualStackDeploymentPodNamedOncePerFamilyIsOneSeedOfTheNodesFamily() throws Exception {
		// CoreDNS names an IP-named endpoint after each of its addresses, so each pod is
		// two SRV targets: one with an A record, one with an AAAA record.
		HeadlessService service = kubernetes.headlessService("dualdeploy", "shop", List.of(hazelcastPort()));
		service.addEndpoint(null, ip("10.244.12.10"));
		service.addEndpoint(null, ip("fd00:10:244::c:10"));
		service.addEndpoint(null, ip("10.244.12.11"));
		service.addEndpoint(null, ip("fd00:10:244::c:11"));
		SrvQuery query = SrvQuery.forService("dualdeploy.shop.svc.cluster.local", "hazelcast", "tcp");
		SeedAnswer ipv6 = new DnsSrvSeedProvider(client, query, 5701, AddressFamily.IPV6).lookup();
		assertThat(ipv6.seeds()).extracting(Seed::toString)
			.containsExactlyInAnyOrder("[fd00:10:244:0:0:0:c:10]:5701", "[fd00:10:244:0:0:0:c:11]:5701");
		assertThat(ipv6.skipped()).isEmpty();
		SeedAnswer ipv4 = new DnsSrvSeedProvider(client, query, 5701, AddressFamily.IPV4).lookup();
		assertThat(ipv4.seeds()).extracting(Seed::toString)
			.containsExactlyInAnyOrder("10.244.12.10:5701", "10.244.12.11:5701");
		assertThat(ipv4.skipped()).isEmpty();
	}

	@Test
	void ipv6NodeOfAnIpv4OnlyServiceSaysWhichFamilyIsMissing() throws Exception {
		HeadlessService service = kubernetes.headlessService("fouronly", "shop", List.of(hazelcastPort()));
		service.addEndpoint("fouronly-0", ip("10.244.13.10"));
		SrvQuery query = SrvQuery.forService("fouronly.shop.svc.cluster.local", "hazelcast", "tcp");
		assertThatExceptionOfType(SeedLookupException.class)
			.isThrownBy(() -> new DnsSrvSeedProvider(client, query, 5701, AddressFamily.IPV6).lookup())
			.withMessageContaining("none of the 1 records has a target that resolves to an IPv6 address, the"
					+ " family of this node's own address (1 have only addresses of the other family)");
	}

	@Test
	void staticHostNamesResolveThroughDns() throws Exception {
		HeadlessService service = kubernetes.headlessService("fixed", "shop", List.of(hazelcastPort()));
		service.addEndpoint("fixed-0", ip("10.244.6.1"));
		StaticSeedProvider provider = new StaticSeedProvider(
				List.of(new StaticMember("fixed-0.fixed.shop.svc.cluster.local.", 5701, 5701),
						new StaticMember("fixed-1.fixed.shop.svc.cluster.local.", 5701, 5701),
						new StaticMember("10.244.6.9", 5701, 5702)),
				client);
		SeedAnswer answer = provider.lookup();
		assertThat(answer.seeds()).extracting(Seed::toString)
			.containsExactly("10.244.6.1:5701", "10.244.6.9:5701", "10.244.6.9:5702");
		assertThat(answer.skipped()).singleElement()
			.asString()
			.startsWith("fixed-1.fixed.shop.svc.cluster.local.:5701");
	}

	private static DnsSrvSeedProvider provider(String query) throws Exception {
		return new DnsSrvSeedProvider(client, Name.fromString(query), 5999, null);
	}

	private static ServicePort hazelcastPort() {
		return new ServicePort("hazelcast", "tcp", 5701);
	}

	private static InetAddress ip(String literal) throws Exception {
		return InetAddress.getByName(literal);
	}

}
