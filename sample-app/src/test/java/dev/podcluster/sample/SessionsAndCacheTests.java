package dev.podcluster.sample;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What teams cluster for first, on the starter's one Hazelcast member, over HTTP: an HTTP
 * session created on one member and read on the others, and a {@code @Cacheable} result
 * computed once and served by every member.
 */
class SessionsAndCacheTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster(3);

	@Test
	void aSessionCreatedOnOneMemberIsReadOnEveryOther() {
		HttpResponse<String> first = cluster.member(1).send("session", (request) -> request.GET());
		assertThat(first.statusCode()).isEqualTo(200);
		String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(cookie).as("the session cookie").startsWith("SESSION=").contains("HttpOnly", "SameSite=Lax");
		String session = cookie.substring(0, cookie.indexOf(';'));
		assertThat(body(first)).isEqualTo(view("node-1", 1, "node-1"));

		// The cookie a browser sends back, to whichever pod the load balancer picks.
		assertThat(body(cluster.member(2).send("session", (request) -> request.header("Cookie", session).GET())))
			.isEqualTo(view("node-1", 2, "node-2"));
		assertThat(body(cluster.member(3).send("session", (request) -> request.header("Cookie", session).GET())))
			.isEqualTo(view("node-1", 3, "node-3"));
		assertThat(body(cluster.member(1).send("session", (request) -> request.header("Cookie", session).GET())))
			.isEqualTo(view("node-1", 4, "node-1"));

		HttpResponse<String> stranger = cluster.member(3).send("session", (request) -> request.GET());
		assertThat(stranger.headers().firstValue("Set-Cookie"))
			.hasValueSatisfying((other) -> assertThat(other).startsWith("SESSION=").doesNotStartWith(session + ";"));
		assertThat(body(stranger)).isEqualTo(view("node-3", 1, "node-3"));
	}

	@Test
	void aCachedReportIsComputedOnceAndServedByEveryMember() {
		String name = "report-" + UUID.randomUUID().toString().substring(0, 8);
		long before = cluster.member(1).get("reports").get("computations").asLong();

		List<JsonNode> answers = new ArrayList<>();
		for (int round = 0; round < 2; round++) {
			for (SampleMember member : List.of(cluster.member(2), cluster.member(1), cluster.member(3))) {
				answers.add(member.get("reports/" + name));
			}
		}
		assertThat(answers).allSatisfy((answer) -> assertThat(answer).isEqualTo(answers.get(0)));
		assertThat(answers.get(0).get("name").asString()).isEqualTo(name);
		assertThat(answers.get(0).get("computedBy").asString()).as("computed by the first member asked")
			.isEqualTo("node-2");
		for (SampleMember member : cluster.members()) {
			assertThat(member.get("reports").get("computations").asLong()).as("computations seen on %s", member)
				.isEqualTo(before + 1);
		}
	}

	@Test
	void aReportNameOutsideTheBoundedAlphabetIsNotFound() {
		HttpResponse<String> response = cluster.member(1)
			.send("reports/" + "x".repeat(41), (request) -> request.header("Accept", "application/json").GET());
		assertThat(response.statusCode()).isEqualTo(404);
	}

	private static JsonNode body(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private static JsonNode view(String createdOn, int requests, String servedBy) {
		return json.createObjectNode().put("createdOn", createdOn).put("requests", requests).put("servedBy", servedBy);
	}

}
