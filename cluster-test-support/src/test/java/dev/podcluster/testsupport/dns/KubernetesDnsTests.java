package dev.podcluster.testsupport.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

class KubernetesDnsTests {

	private static final List<ServicePort> PORTS = List.of(new ServicePort("hazelcast", "tcp", 5701),
			new ServicePort("http", "tcp", 8080));

	private static BindServer server;

	private static KubernetesDns dns;

	private static Dig dig;

	@BeforeAll
	static void start() {
		server = BindServer.builder().start();
		dns = new KubernetesDns(server);
		dig = new Dig(server);
	}

	@AfterAll
	static void close() {
		server.close();
	}

	@Test
	void statefulSetPodsAnswerSrvAtTheNamedPort() throws IOException {
		HeadlessService service = statefulSet("app", "demo", 3);
		assertThat(service.fqdn()).isEqualTo("app.demo.svc.cluster.local.");
		Message response = dig.query("_hazelcast._tcp.app.demo.svc.cluster.local.", Type.SRV);
		assertThat(srv(response.getSection(Section.ANSWER))).containsExactlyInAnyOrder(
				tuple(0, 33, 5701, "app-0.app.demo.svc.cluster.local."),
				tuple(0, 33, 5701, "app-1.app.demo.svc.cluster.local."),
				tuple(0, 33, 5701, "app-2.app.demo.svc.cluster.local."));
		assertThat(response.getSection(Section.ADDITIONAL)).filteredOn(ARecord.class::isInstance)
			.extracting((record) -> record.getName().toString(), Record::rdataToString)
			.containsExactlyInAnyOrder(tuple("app-0.app.demo.svc.cluster.local.", "10.244.0.10"),
					tuple("app-1.app.demo.svc.cluster.local.", "10.244.0.11"),
					tuple("app-2.app.demo.svc.cluster.local.", "10.244.0.12"));
	}

	@Test
	void bareServiceNameAnswersSrvForEveryPort() throws IOException {
		statefulSet("web", "demo", 3);
		List<Record> answer = dig.answer("web.demo.svc.cluster.local.", Type.SRV);
		assertThat(srv(answer)).hasSize(6)
			.contains(tuple(0, 16, 5701, "web-0.web.demo.svc.cluster.local."),
					tuple(0, 16, 8080, "web-0.web.demo.svc.cluster.local."));
		assertThat(answer).allSatisfy((record) -> assertThat(record.getTTL()).isEqualTo(5));
	}

	@Test
	void endpointsAnswerAtTheServiceNameAndTheirOwn() throws IOException {
		HeadlessService service = dns.headlessService("mixed", "demo", PORTS);
		assertThat(service.addEndpoint("mixed-0", ip("10.244.0.20"))).isEqualTo("mixed-0.mixed.demo.svc.cluster.local");
		assertThat(service.addEndpoint(null, ip("10.244.0.21"))).isEqualTo("10-244-0-21.mixed.demo.svc.cluster.local");
		assertThat(addresses("mixed.demo.svc.cluster.local.", Type.A)).containsExactlyInAnyOrder(ip("10.244.0.20"),
				ip("10.244.0.21"));
		assertThat(addresses("mixed-0.mixed.demo.svc.cluster.local.", Type.A)).containsExactly(ip("10.244.0.20"));
		assertThat(addresses("10-244-0-21.mixed.demo.svc.cluster.local.", Type.A)).containsExactly(ip("10.244.0.21"));
	}

	@Test
	void ipv6EndpointsGetAaaaRecordsAndDashedNames() throws IOException {
		HeadlessService service = dns.headlessService("six", "demo", PORTS);
		assertThat(service.addEndpoint(null, ip("fd00::5"))).isEqualTo("fd00--5.six.demo.svc.cluster.local");
		assertThat(addresses("fd00--5.six.demo.svc.cluster.local.", Type.AAAA)).containsExactly(ip("fd00::5"));
		assertThat(addresses("six.demo.svc.cluster.local.", Type.AAAA)).containsExactly(ip("fd00::5"));
	}

	@Test
	void dualStackEndpointAnswersInBothFamiliesAndSendsBothAlong() throws IOException {
		HeadlessService service = dns.headlessService("dual", "demo", PORTS);
		assertThat(service.addDualStackEndpoint("dual-0", ip("10.244.0.30"), ip("fd00::30")))
			.isEqualTo("dual-0.dual.demo.svc.cluster.local");
		assertThat(addresses("dual-0.dual.demo.svc.cluster.local.", Type.A)).containsExactly(ip("10.244.0.30"));
		assertThat(addresses("dual-0.dual.demo.svc.cluster.local.", Type.AAAA)).containsExactly(ip("fd00::30"));
		assertThat(addresses("dual.demo.svc.cluster.local.", Type.AAAA)).containsExactly(ip("fd00::30"));
		Message response = dig.query("_hazelcast._tcp.dual.demo.svc.cluster.local.", Type.SRV);
		assertThat(response.getSection(Section.ADDITIONAL)).extracting(Record::rdataToString)
			.contains("10.244.0.30", "fd00:0:0:0:0:0:0:30");
		service.removeEndpoint(ip("fd00::30"));
		assertThat(dig.query("dual-0.dual.demo.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
	}

	@Test
	void manyEndpointsArriveInOneUpdate() throws IOException {
		HeadlessService service = dns.headlessService("many", "demo",
				List.of(new ServicePort("hazelcast", "tcp", 5701)));
		service.addEndpoints(50, (i) -> "many-" + i, (i) -> ip("10.244.2." + (10 + i)));
		assertThat(srv(dig.answer("_hazelcast._tcp.many.demo.svc.cluster.local.", Type.SRV))).hasSize(50)
			.contains(tuple(0, 2, 5701, "many-49.many.demo.svc.cluster.local."));
		assertThat(addresses("many-49.many.demo.svc.cluster.local.", Type.A)).containsExactly(ip("10.244.2.59"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> service.addEndpoints(2, (i) -> "again", (i) -> ip("10.244.2.200")))
			.withMessageContaining("own hostname");
	}

	@Test
	void removingAnEndpointRemovesItsRecordsAndReweighsTheRest() throws IOException {
		HeadlessService service = statefulSet("shrink", "demo", 3);
		service.removeEndpoint(ip("10.244.0.12"));
		assertThat(srv(dig.answer("_hazelcast._tcp.shrink.demo.svc.cluster.local.", Type.SRV)))
			.containsExactlyInAnyOrder(tuple(0, 50, 5701, "shrink-0.shrink.demo.svc.cluster.local."),
					tuple(0, 50, 5701, "shrink-1.shrink.demo.svc.cluster.local."));
		assertThat(srv(dig.answer("shrink.demo.svc.cluster.local.", Type.SRV))).containsExactlyInAnyOrder(
				tuple(0, 25, 5701, "shrink-0.shrink.demo.svc.cluster.local."),
				tuple(0, 25, 8080, "shrink-0.shrink.demo.svc.cluster.local."),
				tuple(0, 25, 5701, "shrink-1.shrink.demo.svc.cluster.local."),
				tuple(0, 25, 8080, "shrink-1.shrink.demo.svc.cluster.local."));
		assertThat(addresses("shrink.demo.svc.cluster.local.", Type.A)).containsExactlyInAnyOrder(ip("10.244.0.10"),
				ip("10.244.0.11"));
		assertThat(dig.query("shrink-2.shrink.demo.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
		service.removeEndpoint(ip("10.244.0.10"));
		service.removeEndpoint(ip("10.244.0.11"));
		assertThat(dig.query("_hazelcast._tcp.shrink.demo.svc.cluster.local.", Type.SRV).getRcode())
			.isEqualTo(Rcode.NXDOMAIN);
	}

	@Test
	void portOverridesLetEndpointsShareOneIp() throws IOException {
		HeadlessService service = dns.headlessService("local", "demo", PORTS);
		for (int i = 0; i < 3; i++) {
			service.addEndpoint("local-" + i, ip("127.0.0.1"), Map.of("hazelcast", 5801 + i));
		}
		assertThat(srv(dig.answer("_hazelcast._tcp.local.demo.svc.cluster.local.", Type.SRV)))
			.containsExactlyInAnyOrder(tuple(0, 33, 5801, "local-0.local.demo.svc.cluster.local."),
					tuple(0, 33, 5802, "local-1.local.demo.svc.cluster.local."),
					tuple(0, 33, 5803, "local-2.local.demo.svc.cluster.local."));
		assertThat(addresses("local.demo.svc.cluster.local.", Type.A)).containsExactly(ip("127.0.0.1"));
		service.removeEndpoint("local-1.local.demo.svc.cluster.local");
		assertThat(srv(dig.answer("_hazelcast._tcp.local.demo.svc.cluster.local.", Type.SRV)))
			.containsExactlyInAnyOrder(tuple(0, 50, 5801, "local-0.local.demo.svc.cluster.local."),
					tuple(0, 50, 5803, "local-2.local.demo.svc.cluster.local."));
		assertThat(addresses("local.demo.svc.cluster.local.", Type.A)).containsExactly(ip("127.0.0.1"));
	}

	@Test
	void endpointNamesMustBeUniqueAndOverridesNamePorts() {
		HeadlessService service = dns.headlessService("strict", "demo", PORTS);
		service.addEndpoint(null, ip("127.0.0.1"), Map.of("hazelcast", 5801));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> service.addEndpoint(null, ip("127.0.0.1"), Map.of("hazelcast", 5802)))
			.withMessageContaining("own hostname");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> service.addEndpoint("strict-1", ip("127.0.0.1"), Map.of("metrics", 9090)))
			.withMessageContaining("no port named 'metrics'");
	}

	@Test
	void declaringAServiceAgainReturnsIt() {
		HeadlessService service = dns.headlessService("again", "demo", PORTS);
		assertThat(dns.headlessService("again", "demo", PORTS)).isSameAs(service);
		assertThatIllegalArgumentException().isThrownBy(() -> dns.headlessService("again", "demo", List.of()))
			.withMessageContaining("other ports");
	}

	@Test
	void answerTooBigForUdpComesBackCompleteOverTcp() throws IOException {
		HeadlessService service = dns.headlessService("big", "demo",
				List.of(new ServicePort("hazelcast", "tcp", 5701)));
		for (int i = 0; i < 120; i++) {
			service.addEndpoint("big-" + i, ip("10.244.1." + i));
		}
		String query = "_hazelcast._tcp.big.demo.svc.cluster.local.";
		Message overUdp = new Dig(server).ignoreTruncation().query(query, Type.SRV);
		assertThat(overUdp.getHeader().getFlag(Flags.TC)).isTrue();
		Message response = dig.query(query, Type.SRV);
		assertThat(response.getHeader().getFlag(Flags.TC)).isFalse();
		assertThat(response.toWire().length).isGreaterThan(512);
		assertThat(srv(response.getSection(Section.ANSWER))).hasSize(120)
			.contains(tuple(0, 1, 5701, "big-0.big.demo.svc.cluster.local."),
					tuple(0, 1, 5701, "big-119.big.demo.svc.cluster.local."));
	}

	private static HeadlessService statefulSet(String name, String namespace, int replicas) {
		HeadlessService service = dns.headlessService(name, namespace, PORTS);
		for (int i = 0; i < replicas; i++) {
			service.addEndpoint(name + "-" + i, ip("10.244.0." + (10 + i)));
		}
		return service;
	}

	private static List<Tuple> srv(List<Record> records) {
		return records.stream()
			.map(SRVRecord.class::cast)
			.map((srv) -> tuple(srv.getPriority(), srv.getWeight(), srv.getPort(), srv.getTarget().toString()))
			.toList();
	}

	private static List<InetAddress> addresses(String name, int type) throws IOException {
		return dig.answer(name, type)
			.stream()
			.map((record) -> (record instanceof AAAARecord aaaa) ? aaaa.getAddress() : ((ARecord) record).getAddress())
			.toList();
	}

	private static InetAddress ip(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(literal, ex);
		}
	}

}
