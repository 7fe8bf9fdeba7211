package dev.podcluster.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.podcluster.testsupport.dns.BindServer;
import dev.podcluster.testsupport.dns.HeadlessService;
import dev.podcluster.testsupport.dns.KubernetesDns;
import dev.podcluster.testsupport.dns.ServicePort;
import dev.podcluster.testsupport.net.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three members on 127.0.0.1, each on its own port, found only through SRV records in a
 * real BIND 9: the SRV port is what tells them apart, and every member's
 * {@code /actuator/cluster} lists all three by name.
 */
class ThreeMemberClusterTests {

	private static final List<String> NAMES = List.of("node-a", "node-b", "node-c");

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static BindServer dns;

	private static final List<ConfigurableApplicationContext> members = new ArrayList<>();

	@BeforeAll
	static void startCluster() throws Exception {
		dns = BindServer.builder().start();
		HeadlessService service = new KubernetesDns(dns).headlessService("loop", "test",
				List.of(new ServicePort("hazelcast", "tcp", 5701)));
		List<Integer> ports = FreePorts.loopback(NAMES.size());
		for (int i = 0; i < NAMES.size(); i++) {
			service.addEndpoint(NAMES.get(i), InetAddress.getLoopbackAddress(), Map.of("hazelcast", ports.get(i)));
		}
		// One after the other: Spring Boot's logging set-up is per JVM, not safe for
		// applications starting at once
		// (parallel starts are the end-to-end suite's, with a JVM per pod).
		for (int i = 0; i < NAMES.size(); i++) {
			members.add(start(NAMES.get(i), ports.get(i)));
		}
	}

	@AfterAll
	static void stopCluster() {
		members.forEach(ConfigurableApplicationContext::close);
		if (dns != null) {
			dns.close();
		}
	}

	@Test
	void everyMemberListsAllThreeByName() {
		for (ConfigurableApplicationContext member : members) {
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				JsonNode cluster = get(member, "/actuator/cluster");
				assertThat(cluster.get("size").asInt()).isEqualTo(3);
				List<String> names = new ArrayList<>();
				cluster.get("members").forEach((m) -> names.add(m.get("name").asString()));
				assertThat(names).containsExactlyInAnyOrderElementsOf(NAMES);
			});
		}
	}

	@Test
	void discoveryShowsTheSrvQueryAndTheSeedsItFound() throws Exception {
		JsonNode discovery = get(members.get(0), "/actuator/cluster").get("discovery");
		assertThat(discovery.get("mode").asString()).isEqualTo("dns-srv");
		assertThat(discovery.get("query").asString()).isEqualTo("_hazelcast._tcp.loop.test.svc.cluster.local.");
		assertThat(discovery.get("seeds")).hasSize(3);
		assertThat(discovery.get("error").isNull()).isTrue();
	}

	@Test
	void localNodeIsNamedAndHasOneOldestMember() throws Exception {
		JsonNode cluster = get(members.get(1), "/actuator/cluster");
		assertThat(cluster.get("local").get("name").asString()).isEqualTo("node-b");
		assertThat(cluster.get("local").get("namingMode").asString()).isEqualTo("explicit");
		List<Boolean> oldest = new ArrayList<>();
		cluster.get("members").forEach((m) -> oldest.add(m.get("oldest").asBoolean()));
		assertThat(oldest).containsOnlyOnce(true);
	}

	@Test
	void healthIsUpWithTheClusterSize() throws Exception {
		JsonNode health = get(members.get(2), "/actuator/health");
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.get("components").get("cluster").get("details").get("size").asInt()).isEqualTo(3);
	}

	@Test
	void oneMemberByName() throws Exception {
		JsonNode member = get(members.get(0), "/actuator/cluster/members/node-c");
		assertThat(member.get("name").asString()).isEqualTo("node-c");
		assertThat(member.get("joinedAt").asString()).isNotEmpty();
		assertThat(status(members.get(0), "GET", "/actuator/cluster/members/node-z")).isEqualTo(404);
	}

	@Test
	void lookupOnDemandIsOffUnlessWriteAccessIsGranted() throws Exception {
		assertThat(status(members.get(0), "POST", "/actuator/cluster")).isIn(404, 405);
	}

	@Test
	void metricsCountMembersAndLookups() throws Exception {
		assertThat(get(members.get(0), "/actuator/metrics/cluster.members").get("measurements")
			.get(0)
			.get("value")
			.asDouble()).isEqualTo(3.0);
		assertThat(get(members.get(0), "/actuator/metrics/cluster.discovery.seeds").get("measurements")
			.get(0)
			.get("value")
			.asDouble()).isEqualTo(3.0);
		JsonNode lookups = get(members.get(0), "/actuator/metrics/cluster.discovery.lookups?tag=outcome:success");
		assertThat(lookups.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1.0);
	}

	@Test
	void prometheusScrapeCarriesTheClusterMetrics() throws Exception {
		int port = ((WebServerApplicationContext) members.get(0)).getWebServer().getPort();
		String scrape = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		assertThat(scrape).contains("cluster_members 3.0")
			.contains("cluster_discovery_seeds 3.0")
			.contains("cluster_discovery_lookups_seconds_count{outcome=\"success\"}")
			.contains("cluster_discovery_failures_total 0.0");
	}

	private static int status(ConfigurableApplicationContext member, String method, String path) throws Exception {
		int port = ((WebServerApplicationContext) member).getWebServer().getPort();
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static ConfigurableApplicationContext start(String name, int hazelcastPort) {
		return new SpringApplicationBuilder(MemberApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=cluster,health,metrics,prometheus",
					"management.endpoint.health.show-details=always", "cluster.cluster-name=three",
					"cluster.discovery.mode=dns-srv", "cluster.kubernetes.service-name=loop",
					"cluster.kubernetes.namespace=test", "cluster.kubernetes.cluster-domain=cluster.local",
					"cluster.discovery.dns.server=127.0.0.1:" + dns.address().getPort(), "cluster.naming.name=" + name,
					"cluster.hazelcast.address=127.0.0.1", "cluster.hazelcast.port=" + hazelcastPort)
			.run();
	}

	private static JsonNode get(ConfigurableApplicationContext member, String path)
			throws IOException, InterruptedException {
		int port = ((WebServerApplicationContext) member).getWebServer().getPort();
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemberApplication {

	}

}
