package dev.podcluster.sample.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A running pod: its container process (tracked by PID), its sandbox, its log, and HTTP to its port 8080
 * straight from this JVM over the bridge.
 */
public final class Pod {

	static final int HTTP_PORT = 8080;

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.proxy(HttpClient.Builder.NO_PROXY)
		.build();

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PodSpec spec;

	private final PodSandbox sandbox;

	private final Process process;

	private final Path log;

	private final long startedNanos;

	Pod(PodSpec spec, PodSandbox sandbox, Process process, Path log, long startedNanos) {
		this.spec = spec;
		this.sandbox = sandbox;
		this.process = process;
		this.log = log;
		this.startedNanos = startedNanos;
	}

	public String name() {
		return this.spec.name();
	}

	public String namespace() {
		return this.spec.namespace();
	}

	/** The pod IP, {@code status.podIP}. */
	public String ip() {
		return this.sandbox.ip();
	}

	/** The pod's Hazelcast address as members report it. */
	public String memberAddress() {
		return ip() + ":5701";
	}

	public String hostname() {
		return this.spec.effectiveHostname();
	}

	PodSpec spec() {
		return this.spec;
	}

	PodSandbox sandbox() {
		return this.sandbox;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public Path log() {
		return this.log;
	}

	/** {@link System#nanoTime()} when the container process was started. */
	long startedNanos() {
		return this.startedNanos;
	}

	/**
	 * Send SIGTERM and wait for the process to exit; past the grace period, SIGKILL it as the kubelet does.
	 * @param gracePeriod {@code terminationGracePeriodSeconds}
	 * @return whether it exited by itself within the grace period
	 */
	public boolean sigterm(Duration gracePeriod) {
		this.process.destroy();
		if (awaitExit(gracePeriod)) {
			return true;
		}
		sigkill();
		return false;
	}

	/** Send SIGKILL and wait (bounded) until the process is gone. */
	public void sigkill() {
		this.process.destroyForcibly();
		if (!awaitExit(Duration.ofSeconds(10))) {
			throw new IllegalStateException("Pod " + this + " (PID " + pid() + ") still runs after SIGKILL");
		}
	}

	/** The exit status, once the process has exited. */
	public int exitValue() {
		return this.process.exitValue();
	}

	/** Cut the pod off the network: packets to and from it are dropped silently. */
	public void cutNetwork() {
		this.sandbox.cut();
	}

	public void restoreNetwork() {
		this.sandbox.restore();
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	public HttpResponse<String> post(String path, String body) {
		return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public HttpResponse<String> put(String path, String body) {
		return send(request(path).header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** PUT without waiting, for bulk writes. */
	CompletableFuture<HttpResponse<String>> putAsync(String path, String body) {
		return HTTP.sendAsync(
				request(path).header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** GET without waiting, for bulk reads. */
	CompletableFuture<HttpResponse<String>> getAsync(String path) {
		return HTTP.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * GET a JSON document.
	 * @param path the path
	 * @return the document
	 * @throws IllegalStateException unless the answer is 2xx
	 */
	public JsonNode json(String path) {
		HttpResponse<String> response = get(path);
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(
					"GET " + response.uri() + " answered " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	/** This pod's {@code /actuator/cluster}. */
	public ClusterView cluster() {
		return ClusterView.of(json("/actuator/cluster"));
	}

	/**
	 * This pod's {@code /actuator/cluster} asked from inside the pod, over its loopback, as {@code kubectl exec}
	 * would: it answers while the pod's link is cut.
	 * @return the pod's view
	 * @throws IllegalStateException unless the answer is 200
	 */
	public ClusterView clusterFromInside() {
		// bash's /dev/tcp: no HTTP client needs to be installed; HTTP/1.0, so the server closes after the answer.
		HostCommand.Result result = this.sandbox.exec("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + HTTP_PORT
				+ " && printf 'GET /actuator/cluster HTTP/1.0\\r\\nHost: localhost\\r\\nAccept: application/json\\r\\n\\r\\n' >&3"
				+ " && cat <&3");
		String answer = result.output();
		int body = answer.indexOf("\r\n\r\n");
		if (result.status() != 0 || body < 0 || !answer.startsWith("HTTP/1.1 200") && !answer.startsWith("HTTP/1.0 200")) {
			throw new IllegalStateException("GET /actuator/cluster inside " + this + " answered (status "
					+ result.status() + "): " + answer.strip());
		}
		return ClusterView.of(JSON.readTree(answer.substring(body + 4)));
	}

	/** The status at {@code /actuator/health}, whatever the HTTP status. */
	public String healthStatus() {
		HttpResponse<String> response = get("/actuator/health");
		return JSON.readTree(response.body()).path("status").asString();
	}

	/** The value of the sample's shared counter. */
	public long counter() {
		return json("/counter").path("value").asLong();
	}

	/** Increment the sample's shared counter. */
	public long incrementCounter() {
		HttpResponse<String> response = post("/counter", "");
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException("POST /counter on " + this + " answered " + response.statusCode()
					+ ": " + response.body());
		}
		return JSON.readTree(response.body()).path("value").asLong();
	}

	/** The size of the sample's distributed map. */
	public int entryCount() {
		return json("/entries").path("size").asInt();
	}

	/** The last lines of the pod's log. */
	public List<String> logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return all.subList(Math.max(0, all.size() - lines), all.size());
		}
		catch (IOException ex) {
			return List.of("(log unreadable: " + ex + ")");
		}
	}

	private boolean awaitExit(Duration bound) {
		try {
			return this.process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + this + " to exit", ex);
		}
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://" + ip() + ":" + HTTP_PORT + path))
			.timeout(REQUEST_TIMEOUT)
			.header("Accept", "application/json, text/plain, */*");
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		HttpRequest built = request.build();
		try {
			return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(built.method() + " " + built.uri() + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during " + built.method() + " " + built.uri(), ex);
		}
	}

	@Override
	public String toString() {
		return this.spec.namespace() + "/" + this.spec.name() + "(" + ip() + ")";
	}

}
