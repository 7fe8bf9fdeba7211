package dev.podcluster.testsupport.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BindServerTests {

	private BindServer server;

	private Dig dig;

	@BeforeEach
	void start() {
		this.server = BindServer.builder().start();
		this.dig = new Dig(this.server);
	}

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void answersForTheClusterDomainOnLoopback() throws IOException {
		assertThat(this.server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
		assertThat(this.server.address().getPort()).isPositive();
		assertThat(this.server.isRunning()).isTrue();
		assertThat(this.dig.answer("cluster.local.", Type.SOA)).singleElement()
			.isInstanceOfSatisfying(SOARecord.class,
					(soa) -> assertThat(soa.getHost()).hasToString("ns.dns.cluster.local."));
	}

	@Test
	void servesAddedRecordsUntilDeleted() throws IOException {
		Record first = a("pod.cluster.local.", "10.244.0.5");
		Record second = a("pod.cluster.local.", "10.244.0.6");
		this.server.add(first, second);
		assertThat(this.dig.answer("pod.cluster.local.", Type.A)).containsExactlyInAnyOrder(first, second)
			.allSatisfy((record) -> assertThat(record.getTTL()).isEqualTo(5));
		this.server.delete(first);
		assertThat(this.dig.answer("pod.cluster.local.", Type.A)).containsExactly(second);
		this.server.deleteAll(Name.fromString("pod.cluster.local."), Type.A);
		assertThat(this.dig.query("pod.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
	}

	@Test
	void negativeAnswersAreCachedForTheSoaMinimum() throws IOException {
		Message response = this.dig.query("nothing.cluster.local.", Type.SRV);
		assertThat(response.getRcode()).isEqualTo(Rcode.NXDOMAIN);
		assertThat(response.getSection(Section.AUTHORITY)).singleElement()
			.isInstanceOfSatisfying(SOARecord.class, (soa) -> {
				assertThat(soa.getMinimum()).isEqualTo(30);
				assertThat(soa.getTTL()).isEqualTo(30);
			});
	}

	@Test
	void srvAnswersCarryTheTargetsAddressesAsCoreDnsDoes() throws IOException {
		addSrvWithTarget(this.server);
		assertThat(this.dig.query("_hazelcast._tcp.app.cluster.local.", Type.SRV).getSection(Section.ADDITIONAL))
			.contains(a("app-0.cluster.local.", "10.244.0.7"));
	}

	@Test
	void srvAnswersCanLeaveTheTargetsAddressesOut() throws IOException {
		try (BindServer minimal = BindServer.builder().additionalRecords(false).start()) {
			addSrvWithTarget(minimal);
			Message response = new Dig(minimal).query("_hazelcast._tcp.app.cluster.local.", Type.SRV);
			assertThat(response.getSection(Section.ANSWER)).hasSize(1);
			assertThat(response.getSection(Section.ADDITIONAL)).noneMatch(ARecord.class::isInstance);
		}
	}

	@Test
	void updateOutsideTheZoneFailsWithTheRcode() {
		assertThatIllegalStateException().isThrownBy(() -> this.server.add(a("pod.example.org.", "10.0.0.1")))
			.withMessageContaining("NOTZONE");
	}

	@Test
	void recordsAddedByUpdateSurviveStopAndStart() throws IOException {
		Record pod = a("pod.cluster.local.", "10.244.0.5");
		this.server.add(pod);
		int port = this.server.address().getPort();
		this.server.stop();
		assertThat(this.server.isRunning()).isFalse();
		this.server.start();
		assertThat(this.server.address().getPort()).isEqualTo(port);
		assertThat(this.dig.answer("pod.cluster.local.", Type.A)).containsExactly(pod);
	}

	@Test
	void queriesFailOnceStopped() {
		// On loopback a stopped server is reported at once (ICMP port unreachable), not
		// after the timeout.
		this.server.stop();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.dig.timeout(Duration.ofMillis(300)).query("cluster.local.", Type.SOA));
	}

	@Test
	void closeRemovesNamedsFiles() {
		this.server.close();
		assertThat(this.server.isRunning()).isFalse();
		assertThat(this.server.logFile().getParent()).doesNotExist();
	}

	@Test
	void failedStartReportsNamedsOutput() {
		assertThatIllegalStateException()
			.isThrownBy(() -> BindServer.builder().netns("pc-no-such-netns").port(1053).start())
			.withMessageContaining("exited")
			.withMessageContaining("pc-no-such-netns");
	}

	private static void addSrvWithTarget(BindServer server) throws IOException {
		Name target = Name.fromString("app-0.cluster.local.");
		server.add(new SRVRecord(Name.fromString("_hazelcast._tcp.app.cluster.local."), DClass.IN, 5, 0, 100, 5701,
				target), a(target.toString(), "10.244.0.7"));
	}

	private static Record a(String name, String ip) throws IOException {
		return new ARecord(Name.fromString(name), DClass.IN, 5, InetAddress.getByName(ip));
	}

}
