package dev.podcluster.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.podcluster.testsupport.hostile.RogueTask;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input from the pod network, on the real control plane with the NetworkPolicy
 * enforcer and the sample's StatefulSet overlay as shipped. A {@link HostilePeer} runs in
 * one member pod's network namespace, so from an address with the application's labels,
 * which the NetworkPolicy admits to the member port (the documented limit: labels are not
 * secrets). It joins with the ConfigMap's cluster name, sends another pod's member a task
 * of a class outside the deserialization filter's allow list, leaves, then sends that
 * member garbage and half-open connections. The member refuses the task and logs it,
 * stays Ready without a restart, and the cluster is the three pods again with every entry
 * written before. And from the host, outside every pod, the sample's HTTP limits hold.
 */
class HostileInputIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final KubeSample sample = new KubeSample(bed, "default", KubeSample.SELECTOR);

	private static final Duration BOUND = Duration.ofMinutes(3);

	/** The hostile peer's member port, in a pod whose own member has 5701. */
	private static final int PEER_PORT = 5702;

	/** {@code sample.limits.request-body} in the sample's application.yml (4KB). */
	private static final int REQUEST_BODY_LIMIT = 4096;

	/** {@code sample.limits.stream-subscribers} in the sample's application.yml. */
	private static final int STREAMS_PER_POD = 100;

	private static final Pattern MILLIS = Pattern.compile(" ms=(\\d+)");

	private static Map<String, String> entries = Map.of();

	@BeforeAll
	static void applyTheOverlayAndWriteEntries() {
		bed.kubectl("apply", "-k", "sample-app/k8s/overlays/statefulset");
		sample.awaitOneCluster(3, BOUND);
		bed.kubectl("wait", "--for=condition=Ready", "pod", "-l", KubeSample.SELECTOR, "--timeout=120s");
		entries = Entries.write(KubeSample.http(sample.pods()), "before-", 60, Duration.ofMinutes(1));
	}

	@Test
	void aPeerOnThePodNetworkCannotRunItsTaskAndItsGarbageLeavesTheMemberHealthy() throws Exception {
		List<KubePod> pods = sample.pods();
		KubePod from = pods.get(0);
		KubePod target = pods.get(1);
		int restarts = restartCount(target);
		Path output = bed.logs().resolve("hostile-peer.out");
		long start = System.nanoTime();
		Process peer = startPeer(from, pods, target, output);
		try {
			String joined = awaitLine(peer, output, "joined ");
			assertThat(joined).as("the peer joined through the NetworkPolicy")
				.startsWith("joined members=4 ")
				.contains(target.memberAddress(), from.ip() + ":" + PEER_PORT);
			Timing.report("hostile-peer", "joined", millis(joined));

			String task = awaitLine(peer, output, "task ");
			assertThat(task).as("what the target answered the task")
				.startsWith("task failed java.lang.SecurityException: Resolving class " + RogueTask.class.getName()
						+ " is not allowed")
				.doesNotContain(RogueTask.RAN);
			Timing.report("hostile-peer", "task-refused", millis(task));
			Timing.report("hostile-peer", "left", millis(awaitLine(peer, output, "left ")));

			String sent = awaitLine(peer, output, "sent ");
			assertThat(sent).startsWith("sent " + HostilePeer.CONNECTIONS + " connections: ").contains(" 30 half-open");
			System.out.println("E2E-FIGURE scenario=hostile-peer metric=connections value=" + HostilePeer.CONNECTIONS);
			// The half-open connections are held: the member serves all the same.
			assertMemberServes(target, pods);

			peer.getOutputStream().close();
			assertThat(peer.waitFor(60, TimeUnit.SECONDS)).as("the peer ends once released").isTrue();
			assertThat(peer.exitValue()).as("the peer's exit code\n" + Files.readString(output)).isZero();
			assertThat(awaitLine(peer, output, "released")).isEqualTo("released");
		}
		finally {
			if (peer.isAlive()) {
				peer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
			}
		}
		sample.awaitOneCluster(3, BOUND);
		Timing.report("hostile-peer", "three-again", Timing.since(start));
		KubePod after = sample.pod(target.name());
		assertThat(after.uid()).as("the same pod").isEqualTo(target.uid());
		assertThat(after.ready()).as("%s Ready", after).isTrue();
		assertThat(restartCount(after)).as("restarts of %s", after).isEqualTo(restarts);
		Entries.assertAllReadable(KubeSample.http(sample.pods()), entries, Duration.ofMinutes(1));

		String refusal = "Resolving class " + RogueTask.class.getName() + " is not allowed";
		await("the target's log says what it refused").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> bed.podLogs(target)
				.lines()
				.anyMatch((line) -> line.contains("[" + target.ip() + "]:" + SampleApp.HAZELCAST_PORT + " ")
						&& line.contains(refusal)));
	}

	@Test
	void theSamplesHttpLimitsHoldFromOutsideThePod() throws Exception {
		KubePod pod = sample.pods().get(2);
		PodHttp http = pod.http();
		assertThat(http.send("/entries/fits", put("x".repeat(REQUEST_BODY_LIMIT))).statusCode()).isEqualTo(204);
		HttpResponse<String> over = http.send("/entries/over", put("x".repeat(REQUEST_BODY_LIMIT + 1)));
		assertThat(over.statusCode()).isEqualTo(413);
		assertThat(over.body()).contains("send at most " + REQUEST_BODY_LIMIT, "sample.limits.request-body");
		assertThat(http.send("/entries/over", HttpRequest.Builder::GET).statusCode()).as("nothing stored")
			.isEqualTo(404);
		HttpResponse<String> chunked = http.send("/entries/chunked",
				(request) -> request.header("Content-Type", "text/plain")
					.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[10]))));
		assertThat(chunked.statusCode()).as("a chunked body").isEqualTo(411);

		long counter = http.counter();
		HttpResponse<String> form = http.send("/counter", (request) -> request.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString("a=b")));
		assertThat(form.statusCode()).as("a counter POST a plain form can send").isEqualTo(415);
		assertThat(form.headers().firstValue("Accept")).hasValue("application/json");
		assertThat(http.counter()).isEqualTo(counter);

		List<Socket> streams = new ArrayList<>();
		try {
			for (int i = 0; i < STREAMS_PER_POD; i++) {
				Socket stream = openStream(pod);
				streams.add(stream);
				assertThat(responseHead(stream)).as("stream %s", i + 1).startsWith("HTTP/1.1 200 ");
			}
			try (Socket oneMore = openStream(pod)) {
				assertThat(responseHead(oneMore)).as("stream %s", STREAMS_PER_POD + 1)
					.startsWith("HTTP/1.1 503 ")
					.containsIgnoringCase("\r\nRetry-After: 5\r\n");
			}
		}
		finally {
			for (Socket stream : streams) {
				stream.close();
			}
		}
		System.out.println("E2E-FIGURE scenario=http-limits metric=streams-taken value=" + streams.size());
		assertThat(http.json("/actuator/health").path("status").asString()).isEqualTo("UP");
	}

	/**
	 * Start the hostile peer on this host, in the network namespace of {@code from}: a
	 * process on the pod network with that pod's IP.
	 */
	private static Process startPeer(KubePod from, List<KubePod> members, KubePod target, Path output)
			throws IOException {
		String clusterName = bed.kubectl("get", "configmap", "sample-app-config", "-o",
				"jsonpath={.data.CLUSTER_CLUSTERNAME}");
		String zone = bed.kubectl("get", "pod", from.name(), "-o",
				"jsonpath={.metadata.labels.topology\\.kubernetes\\.io/zone}");
		// The members group partitions by zone: a member with another group type is
		// refused.
		assertThat(zone).as("the zone of %s", from).isNotBlank();
		List<String> command = List.of("nsenter", "--target", String.valueOf(from.containerPid()), "--net", "--",
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), HostilePeer.class.getName(),
				"cluster-name=" + clusterName, "address=" + from.ip(), "port=" + PEER_PORT, "zone=" + zone,
				"members=" + members.stream().map(KubePod::memberAddress).collect(Collectors.joining(",")),
				"target=" + target.memberAddress());
		Files.createDirectories(output.getParent());
		return new ProcessBuilder(command).redirectOutput(output.toFile())
			.redirectError(output.resolveSibling("hostile-peer.log").toFile())
			.start();
	}

	/**
	 * Wait for the peer's line that starts with {@code start} (its {@code HOSTILE-PEER}
	 * prefix taken off).
	 */
	private static String awaitLine(Process peer, Path output, String start) {
		return await("the hostile peer's '" + start.strip() + "' line").atMost(BOUND)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> {
				// Whole lines only: the peer may be writing the next one.
				String text = Files.readString(output);
				List<String> lines = text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
				String line = lines.stream()
					.filter((candidate) -> candidate.startsWith(HostilePeer.PREFIX + start))
					.map((candidate) -> candidate.substring(HostilePeer.PREFIX.length()))
					.findFirst()
					.orElse(null);
				if (line == null && !peer.isAlive()) {
					throw new AssertionError("The hostile peer ended (exit " + peer.exitValue() + ") with no '" + start
							+ "' line:\n" + String.join("\n", lines) + "\n"
							+ Files.readString(output.resolveSibling("hostile-peer.log")));
				}
				return line;
			}, Objects::nonNull);
	}

	/** The target is Ready, one of exactly the three pods, and reads its entries. */
	private static void assertMemberServes(KubePod target, List<KubePod> pods) {
		await("%s Ready and one of three".formatted(target.name())).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				assertThat(sample.pod(target.name()).ready()).as("%s Ready", target).isTrue();
				KubeSample.assertOneCluster(pods);
			});
		Entries.assertAllReadable(List.of(target.http()), entries, Duration.ofMinutes(1));
	}

	private static int restartCount(KubePod pod) {
		return Integer.parseInt(
				bed.kubectl("get", "pod", pod.name(), "-o", "jsonpath={.status.containerStatuses[0].restartCount}")
					.strip());
	}

	private static Duration millis(String line) {
		Matcher matcher = MILLIS.matcher(line);
		assertThat(matcher.find()).as("a time in '%s'", line).isTrue();
		return Duration.ofMillis(Long.parseLong(matcher.group(1)));
	}

	private static UnaryOperator<HttpRequest.Builder> put(String body) {
		return (request) -> request.header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString(body));
	}

	/** A stream request written on a socket of its own, answered or not. */
	private static Socket openStream(KubePod pod) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress(pod.ip(), SampleApp.HTTP_PORT), 2000);
		socket.setSoTimeout(10_000);
		socket.getOutputStream()
			.write(("GET /messages/stream HTTP/1.1\r\nHost: " + pod.ip() + "\r\nAccept: text/event-stream\r\n\r\n")
				.getBytes(StandardCharsets.ISO_8859_1));
		socket.getOutputStream().flush();
		return socket;
	}

	/** The status line and headers of the answer on a socket. */
	private static String responseHead(Socket socket) {
		try {
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int last = 0;
			// Up to the blank line that ends the headers: CR LF CR LF.
			while (last != 0x0d0a0d0a && head.size() < 8192) {
				int next = in.read();
				if (next < 0) {
					break;
				}
				head.write(next);
				last = (last << 8) | next;
			}
			return head.toString(StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
