package dev.podcluster.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

import tools.jackson.databind.JsonNode;

/**
 * The sample's HTTP API on one pod, called at the pod's IP as a client on the pod network
 * calls it: actuator on the management port, the rest on the HTTP port.
 *
 * @param name the pod's name, for messages
 * @param ip the pod's IP
 */
record PodHttp(String name, String ip) {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.proxy(HttpClient.Builder.NO_PROXY)
		.build();

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	CompletableFuture<HttpResponse<String>> getAsync(String path) {
		return HTTP.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	CompletableFuture<HttpResponse<String>> putAsync(String path, String body) {
		return HTTP.sendAsync(request(path).header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * GET a JSON document.
	 * @param path the path
	 * @return the document
	 * @throws IllegalStateException unless the answer is 2xx
	 */
	JsonNode json(String path) {
		return ok(send(request(path).header("Accept", "application/json").GET()));
	}

	/** This pod's view at {@code /actuator/cluster}. */
	ClusterView cluster() {
		return ClusterView.parse(json("/actuator/cluster").toString());
	}

	/**
	 * A gauge's value at {@code /actuator/metrics/{name}}, e.g. {@code cluster.members}.
	 */
	double metric(String name) {
		return json("/actuator/metrics/" + name).path("measurements").path(0).path("value").asDouble(Double.NaN);
	}

	/** The shared counter's value, read on this pod. */
	long counter() {
		return json("/counter").path("value").asLong();
	}

	/**
	 * Increment the shared counter through this pod (a JSON POST: the sample refuses
	 * cross-site forms); returns the new value.
	 */
	long incrementCounter() {
		return ok(send(request("/counter").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{}")))).path("value").asLong();
	}

	/** The size of the distributed map, read on this pod. */
	int entryCount() {
		return json("/entries").path("size").asInt();
	}

	/**
	 * Send a request as given, whatever the answer.
	 * @param path the path
	 * @param method sets the method, body and headers
	 * @return the answer
	 */
	HttpResponse<String> send(String path, UnaryOperator<HttpRequest.Builder> method) {
		return send(method.apply(request(path)));
	}

	@Override
	public String toString() {
		return this.name + " (" + this.ip + ")";
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://" + this.ip + ":" + SampleApp.port(path) + path))
			.timeout(TIMEOUT);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		HttpRequest built = request.build();
		try {
			return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(built.method() + " " + built.uri() + " on " + this + " failed: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during " + built.method() + " " + built.uri(), ex);
		}
	}

	private JsonNode ok(HttpResponse<String> response) {
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(response.request().method() + " " + response.uri() + " on " + this
					+ " answered " + response.statusCode() + ": " + response.body());
		}
		return SampleApp.JSON.readTree(response.body());
	}

}
