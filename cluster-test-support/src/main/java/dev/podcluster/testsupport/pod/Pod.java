package dev.podcluster.testsupport.pod;

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

/**
 * A running pod: its container process (tracked by PID), its sandbox, its log, and HTTP
 * to its {@linkplain PodTemplate#httpPort() HTTP port} straight from this JVM over the
 * bridge.
 *
 * @since 0.1.0
 */
public final class Pod {

	private static final HttpClient HTTP = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.proxy(HttpClient.Builder.NO_PROXY)
		.build();

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

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

	/**
	 * The pod IP.
	 * @return {@code status.podIP}
	 */
	public String ip() {
		return this.sandbox.ip();
	}

	public String hostname() {
		return this.spec.effectiveHostname();
	}

	public PodSpec spec() {
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

	/**
	 * When the container process was started.
	 * @return {@link System#nanoTime()} at its start
	 */
	public long startedNanos() {
		return this.startedNanos;
	}

	/**
	 * Send SIGTERM and wait for the process to exit; past the grace period, SIGKILL it as
	 * the kubelet does.
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

	/**
	 * The exit status, once the process has exited.
	 * @return the container process's exit status
	 */
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

	/**
	 * Run a command in the pod's network namespace, with its {@code /etc/hosts} and
	 * {@code /etc/resolv.conf}, bounded in time: it reaches the pod's loopback even while
	 * its link is cut.
	 * @param command the command and its arguments
	 * @return its status and output
	 */
	public HostCommand.Result exec(String... command) {
		return this.sandbox.exec(command);
	}

	public HttpResponse<String> get(String path) {
		return send(request(path).GET());
	}

	/**
	 * POST a JSON body, as the sample's endpoints take it.
	 * @param path the path
	 * @param body the body, {@code application/json}
	 * @return the answer
	 */
	public HttpResponse<String> post(String path, String body) {
		return send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	public HttpResponse<String> put(String path, String body) {
		return send(request(path).header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * PUT without waiting, for bulk writes.
	 * @param path the path
	 * @param body the body, {@code text/plain}
	 * @return the answer to come
	 */
	public CompletableFuture<HttpResponse<String>> putAsync(String path, String body) {
		return HTTP.sendAsync(request(path).header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * GET without waiting, for bulk reads.
	 * @param path the path
	 * @return the answer to come
	 */
	public CompletableFuture<HttpResponse<String>> getAsync(String path) {
		return HTTP.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The last lines of the pod's log.
	 * @param lines how many
	 * @return the lines, or one line that says why the log is unreadable
	 */
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
		return HttpRequest.newBuilder(URI.create("http://" + ip() + ":" + this.spec.template().httpPort() + path))
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
