package dev.podcluster.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One running instance of the sample application, reached over real HTTP on loopback.
 */
final class SampleMember {

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String name;

	private final ConfigurableApplicationContext context;

	private final URI uri;

	private SampleMember(String name, ConfigurableApplicationContext context) {
		this.name = name;
		this.context = context;
		this.uri = URI
			.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort() + "/");
	}

	static SampleMember start(String name, String clusterName, String staticMembers, int hazelcastPort,
			List<String> moreArguments) {
		// Command-line arguments: they win over application.yml, as they would for a user
		// starting the jar.
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--cluster.cluster-name=" + clusterName,
				"--cluster.discovery.mode=static", "--cluster.discovery.static.members=" + staticMembers,
				"--cluster.hazelcast.port=" + hazelcastPort, "--cluster.hazelcast.address=127.0.0.1",
				"--cluster.naming.name=" + name));
		arguments.addAll(moreArguments);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.run(arguments.toArray(String[]::new));
		return new SampleMember(name, context);
	}

	String name() {
		return this.name;
	}

	URI uri(String path) {
		return this.uri.resolve(path);
	}

	boolean isRunning() {
		return this.context.isActive();
	}

	void close() {
		this.context.close();
	}

	JsonNode get(String path) {
		return json(HttpRequest.newBuilder(uri(path)).header("Accept", "application/json").GET().build(), 200);
	}

	/**
	 * POSTs an empty JSON object, as the status page does.
	 * @param path the path
	 * @return the answer
	 */
	JsonNode post(String path) {
		return json(HttpRequest.newBuilder(uri(path))
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build(), 200);
	}

	JsonNode postMessage(String text) {
		HttpResponse<String> response = postJson("messages",
				json.writeValueAsString(json.createObjectNode().put("text", text)));
		assertThat(response.statusCode()).as("POST /messages on %s: %s", this.name, response.body()).isEqualTo(202);
		return json.readTree(response.body());
	}

	HttpResponse<String> postJson(String path, String body) {
		return exchange(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * Sends a request built on this member's address.
	 * @param path the path
	 * @param request the rest of the request
	 * @return the answer, whatever its status
	 */
	HttpResponse<String> send(String path, Consumer<HttpRequest.Builder> request) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
		request.accept(builder);
		return exchange(builder.build());
	}

	List<String> memberNames() {
		List<String> names = new ArrayList<>();
		get("actuator/cluster").get("members").forEach((member) -> names.add(member.get("name").asString()));
		return names;
	}

	EventStream openStream(@Nullable String lastEventId) {
		return EventStream.open(http, uri("messages/stream"), lastEventId);
	}

	private JsonNode json(HttpRequest request, int expectedStatus) {
		HttpResponse<String> response = exchange(request);
		assertThat(response.statusCode())
			.as("%s %s on %s: %s", request.method(), request.uri(), this.name, response.body())
			.isEqualTo(expectedStatus);
		return json.readTree(response.body());
	}

	private static HttpResponse<String> exchange(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return this.name + " " + this.uri;
	}

}
