package dev.podcluster.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real HTTP calls to a member started in the test JVM: its readiness and its actuator
 * endpoints.
 */
final class MemberHttp {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	private MemberHttp() {
	}

	/**
	 * The member's readiness: the status code and the {@code cluster} health's reason.
	 */
	static Readiness readiness(ConfigurableApplicationContext member) throws Exception {
		HttpResponse<String> response = send(member, "/actuator/health/readiness");
		JsonNode cluster = json.readTree(response.body()).path("components").path("cluster");
		return new Readiness(response.statusCode(), cluster.path("details").path("reason").asString(""),
				response.body());
	}

	/**
	 * The JSON of an endpoint that answers 200 or 503.
	 */
	static JsonNode get(ConfigurableApplicationContext member, String path) throws Exception {
		HttpResponse<String> response = send(member, path);
		assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
		return json.readTree(response.body());
	}

	private static HttpResponse<String> send(ConfigurableApplicationContext member, String path) throws Exception {
		int port = ((WebServerApplicationContext) member).getWebServer().getPort();
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	record Readiness(int code, String reason, String body) {

	}

}
