package dev.podcluster.actuate;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.podcluster.actuate.MemberHttp.Readiness;
import dev.podcluster.testsupport.dns.BindServer;
import dev.podcluster.testsupport.dns.HeadlessService;
import dev.podcluster.testsupport.dns.KubernetesDns;
import dev.podcluster.testsupport.dns.ServicePort;
import dev.podcluster.testsupport.net.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static dev.podcluster.actuate.MemberHttp.get;
import static dev.podcluster.actuate.MemberHttp.readiness;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The readiness contract, as the readiness probe of the README's configuration sees it
 * ({@code /actuator/health/readiness} with the {@code cluster} health in its group): a
 * member becomes Ready once discovery has found it and the cluster has first reached
 * {@code cluster.expected-members}, and stays Ready while it runs, however many peers it
 * loses. Members on 127.0.0.1, found through SRV records in a real BIND 9.
 */
class ReadinessContractTests {

	private static final Duration BOUND = Duration.ofSeconds(90);

	private static final List<ServicePort> PORTS = List.of(new ServicePort("hazelcast", "tcp", 5701));

	private static BindServer dns;

	private static KubernetesDns kubernetes;

	private final List<ConfigurableApplicationContext> members = new ArrayList<>();

	@BeforeAll
	static void startDns() {
		dns = BindServer.builder().start();
		kubernetes = new KubernetesDns(dns);
	}

	@AfterAll
	static void stopDns() {
		if (dns != null) {
			dns.close();
		}
	}

	@AfterEach
	void stopMembers() {
		this.members.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void aMemberThatLosesItsPeersStaysReady() throws Exception {
		HeadlessService service = kubernetes.headlessService("survivors", "test", PORTS);
		List<Integer> ports = FreePorts.loopback(3);
		List<String> names = List.of("node-a", "node-b", "node-c");
		for (int i = 0; i < 3; i++) {
			service.addEndpoint(names.get(i), InetAddress.getLoopbackAddress(), Map.of("hazelcast", ports.get(i)));
		}
		for (int i = 0; i < 3; i++) {
			this.members.add(start("survivors", names.get(i), ports.get(i), "cluster.expected-members=3"));
		}
		for (ConfigurableApplicationContext member : this.members) {
			await().atMost(BOUND).untilAsserted(() -> assertThat(readiness(member).code()).isEqualTo(200));
		}
		ConfigurableApplicationContext survivor = this.members.get(0);

		this.members.get(2).close();
		this.members.get(1).close();
		// Below the expected members now, and still Ready: the Service keeps its
		// endpoint.
		await().atMost(BOUND)
			.untilAsserted(() -> assertThat(get(survivor, "/actuator/cluster").get("size").asInt()).isEqualTo(1));
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Readiness readiness = readiness(survivor);
			assertThat(readiness.code()).as(readiness.body()).isEqualTo(200);
		});
		JsonNode cluster = get(survivor, "/actuator/health/readiness").get("components").get("cluster");
		assertThat(cluster.get("status").asString()).isEqualTo("UP");
		assertThat(cluster.get("details").get("size").asInt()).isEqualTo(1);
		assertThat(cluster.get("details").get("expected").asInt()).isEqualTo(3);
	}

	@Test
	void expectedMembersHoldTheFirstReadyUntilTheyHaveJoined() throws Exception {
		HeadlessService service = kubernetes.headlessService("forming", "test", PORTS);
		List<Integer> ports = FreePorts.loopback(2);
		service.addEndpoint("forming-a", InetAddress.getLoopbackAddress(), Map.of("hazelcast", ports.get(0)));
		service.addEndpoint("forming-b", InetAddress.getLoopbackAddress(), Map.of("hazelcast", ports.get(1)));
		ConfigurableApplicationContext first = start("forming", "forming-a", ports.get(0), "cluster.expected-members=2",
				"cluster.discovery.join-wait=0s");
		this.members.add(first);
		await().during(Duration.ofSeconds(3)).atMost(BOUND).untilAsserted(() -> {
			Readiness readiness = readiness(first);
			assertThat(readiness.code()).isEqualTo(503);
			assertThat(readiness.reason()).contains("the cluster is forming: 1 of 2 expected members");
		});

		ConfigurableApplicationContext second = start("forming", "forming-b", ports.get(1),
				"cluster.expected-members=2");
		this.members.add(second);
		for (ConfigurableApplicationContext member : this.members) {
			await().atMost(BOUND).untilAsserted(() -> {
				assertThat(readiness(member).code()).isEqualTo(200);
				assertThat(get(member, "/actuator/cluster").get("size").asInt()).isEqualTo(2);
			});
		}
	}

	@Test
	void membersWhoseServiceIsMissingAreNotReadyUntilItExistsThenFormOneCluster() throws Exception {
		List<Integer> ports = FreePorts.loopback(2);
		ConfigurableApplicationContext first = start("late", "late-a", ports.get(0));
		ConfigurableApplicationContext second = start("late", "late-b", ports.get(1));
		this.members.addAll(List.of(first, second));

		for (ConfigurableApplicationContext member : this.members) {
			await().atMost(BOUND).untilAsserted(() -> {
				Readiness readiness = readiness(member);
				assertThat(readiness.code()).isEqualTo(503);
				assertThat(readiness.reason()).contains("_hazelcast._tcp.late.test.svc.cluster.local.")
					.contains("NXDOMAIN")
					.contains("check cluster.kubernetes.service-name and cluster.kubernetes.namespace")
					.contains("'hazelcast' (cluster.discovery.dns.port-name)");
			});
		}

		// The Service is created: no restart, both become Ready in one cluster.
		HeadlessService service = kubernetes.headlessService("late", "test", PORTS);
		service.addEndpoint("late-a", InetAddress.getLoopbackAddress(), Map.of("hazelcast", ports.get(0)));
		service.addEndpoint("late-b", InetAddress.getLoopbackAddress(), Map.of("hazelcast", ports.get(1)));
		for (ConfigurableApplicationContext member : this.members) {
			await().atMost(BOUND).untilAsserted(() -> {
				assertThat(readiness(member).code()).isEqualTo(200);
				assertThat(get(member, "/actuator/cluster").get("size").asInt()).isEqualTo(2);
			});
		}
	}

	@Test
	void aMemberMissingFromTheAnswerIsNotReadyAndSaysWhatToCheck() throws Exception {
		HeadlessService service = kubernetes.headlessService("selector", "test", PORTS);
		List<Integer> ports = FreePorts.loopback(2);
		service.addEndpoint("other", InetAddress.getLoopbackAddress(), Map.of("hazelcast", ports.get(1)));
		ConfigurableApplicationContext member = start("selector", "unlisted", ports.get(0));
		this.members.add(member);

		await().atMost(BOUND).untilAsserted(() -> {
			Readiness readiness = readiness(member);
			assertThat(readiness.code()).isEqualTo(503);
			assertThat(readiness.reason()).contains("this member's address 127.0.0.1:" + ports.get(0))
				.contains("is not in the answer of _hazelcast._tcp.selector.test.svc.cluster.local.")
				.contains("127.0.0.1:" + ports.get(1))
				.contains("selector")
				.contains("publishNotReadyAddresses: true");
		});

		service.addEndpoint("unlisted", InetAddress.getLoopbackAddress(), Map.of("hazelcast", ports.get(0)));
		await().atMost(BOUND).untilAsserted(() -> assertThat(readiness(member).code()).isEqualTo(200));
	}

	private static ConfigurableApplicationContext start(String service, String name, int hazelcastPort,
			String... more) {
		List<String> properties = new ArrayList<>(List.of("server.port=0",
				"management.endpoints.web.exposure.include=cluster,health",
				"management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,cluster",
				"management.endpoint.health.group.readiness.show-details=always", "cluster.cluster-name=" + service,
				"cluster.discovery.mode=dns-srv", "cluster.discovery.interval=1s", "cluster.discovery.min-interval=1s",
				"cluster.kubernetes.service-name=" + service, "cluster.kubernetes.namespace=test",
				"cluster.kubernetes.cluster-domain=cluster.local",
				"cluster.discovery.dns.server=127.0.0.1:" + dns.address().getPort(), "cluster.naming.name=" + name,
				"cluster.hazelcast.address=127.0.0.1", "cluster.hazelcast.port=" + hazelcastPort,
				"cluster.hazelcast.split-brain-check-interval=2s"));
		properties.addAll(List.of(more));
		return new SpringApplicationBuilder(MemberApplication.class).properties(properties.toArray(String[]::new))
			.run();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemberApplication {

	}

}
