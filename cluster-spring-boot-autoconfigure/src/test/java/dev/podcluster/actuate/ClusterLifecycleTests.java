package dev.podcluster.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.podcluster.event.BecameOldestEvent;
import dev.podcluster.event.ClusterMemberEvent;
import dev.podcluster.event.MemberJoinedEvent;
import dev.podcluster.event.MemberLeftEvent;
import dev.podcluster.event.StoppedBeingOldestEvent;
import dev.podcluster.testsupport.net.FreePorts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two members on loopback: the events an application hears, health below the expected
 * size, and a lookup on demand when write access is granted.
 */
class ClusterLifecycleTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void eventsFollowJoinsLeavesAndTheOldestMember() throws Exception {
		List<Integer> ports = FreePorts.loopback(2);
		try (ConfigurableApplicationContext first = start("first", ports.get(0), ports)) {
			Events firstEvents = first.getBean(Events.class);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(firstEvents.names()).containsExactly("BecameOldestEvent first"));
			ConfigurableApplicationContext second = start("second", ports.get(1), ports);
			Events secondEvents = second.getBean(Events.class);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(firstEvents.names()).contains("MemberJoinedEvent second"));
			assertThat(secondEvents.names()).doesNotContain("BecameOldestEvent second");
			first.close();
			assertThat(firstEvents.names()).endsWith("StoppedBeingOldestEvent first");
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(secondEvents.names()).contains("MemberLeftEvent first",
						"BecameOldestEvent second"));
			second.close();
		}
	}

	@Test
	void healthIsOutOfServiceBelowTheExpectedMembers() throws Exception {
		List<Integer> ports = FreePorts.loopback(2);
		try (ConfigurableApplicationContext alone = start("alone", ports.get(0), ports, "cluster.expected-members=2")) {
			JsonNode health = get(alone, "/actuator/health");
			assertThat(health.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
			assertThat(health.get("components").get("cluster").get("details").get("expected").asInt()).isEqualTo(2);
			try (ConfigurableApplicationContext other = start("other", ports.get(1), ports,
					"cluster.expected-members=2")) {
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(
							() -> assertThat(get(alone, "/actuator/health").get("status").asString()).isEqualTo("UP"));
			}
		}
	}

	@Test
	void lookupOnDemandWhenWriteAccessIsGranted() throws Exception {
		List<Integer> ports = FreePorts.loopback(2);
		try (ConfigurableApplicationContext member = start("writer", ports.get(0), ports,
				"management.endpoint.cluster.access=unrestricted")) {
			String before = get(member, "/actuator/cluster").get("discovery").get("lastLookup").asString();
			// A lookup on demand keeps cluster.discovery.min-interval (1 s) from the last
			// one, which may have run a moment ago: ask once that has passed.
			Instant allowed = Instant.parse(before).plusSeconds(1);
			await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(allowed));
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(member, "/actuator/cluster"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode discovery = json.readTree(response.body());
			assertThat(discovery.get("lastLookup").asString()).isNotEqualTo(before);
			assertThat(discovery.get("seedsNotJoined")).extracting(JsonNode::asString)
				.containsExactly("127.0.0.1:" + ports.get(1));
		}
	}

	private static ConfigurableApplicationContext start(String name, int port, List<Integer> ports, String... extra) {
		return new SpringApplicationBuilder(MemberApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=cluster,health",
					"management.endpoint.health.show-details=always", "cluster.cluster-name=lifecycle-" + ports.get(0),
					"cluster.discovery.mode=static",
					"cluster.discovery.static.members=127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1),
					"cluster.naming.name=" + name, "cluster.hazelcast.port=" + port)
			.properties(extra)
			.run();
	}

	private static JsonNode get(ConfigurableApplicationContext member, String path)
			throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(member, path)).build(),
				HttpResponse.BodyHandlers.ofString());
		return json.readTree(response.body());
	}

	private static URI uri(ConfigurableApplicationContext member, String path) {
		int port = ((WebServerApplicationContext) member).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class MemberApplication {

		@Bean
		Events events() {
			return new Events();
		}

	}

	static class Events {

		private final List<String> names = new CopyOnWriteArrayList<>();

		@EventListener({ MemberJoinedEvent.class, MemberLeftEvent.class, BecameOldestEvent.class,
				StoppedBeingOldestEvent.class })
		void on(ClusterMemberEvent event) {
			this.names.add(event.getClass().getSimpleName() + " " + event.getMember().name());
		}

		List<String> names() {
			return List.copyOf(this.names);
		}

	}

}
