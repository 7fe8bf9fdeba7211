package dev.podcluster.sample;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's HTTP limits seen from outside its process: the packaged jar runs as
 * {@code java -jar}, and a client sends what a careless or hostile caller would (bodies
 * over the limit, keys the server cannot take, far more entries than a member keeps).
 * Every answer is a 4xx that says what to fix, and the application stays healthy.
 */
class HttpLimitsIT {

	private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

	private static final int ENTRIES_PER_MEMBER = 200;

	private static final int PARTITIONS = 271;

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private static Process application;

	private static Path log;

	private static int port;

	private static int managementPort;

	@BeforeAll
	static void startTheJar() throws Exception {
		List<Integer> ports = freePorts(3);
		port = ports.get(0);
		managementPort = ports.get(1);
		log = Files.createTempFile("sample-app-", ".log");
		List<String> command = new ArrayList<>(List.of(JAVA, "-jar", packagedJar().toString(), "--server.port=" + port,
				"--management.server.port=" + managementPort,
				"--sample.limits.entries-per-member=" + ENTRIES_PER_MEMBER,
				"--cluster.cluster-name=http-limits-" + UUID.randomUUID(), "--cluster.naming.name=limits",
				"--cluster.discovery.mode=static", "--cluster.discovery.static.members=127.0.0.1:" + ports.get(2),
				"--cluster.hazelcast.address=127.0.0.1", "--cluster.hazelcast.port=" + ports.get(2)));
		application = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		await().atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.failFast("the application stopped:\n" + tail(), () -> !application.isAlive())
			.untilAsserted(() -> assertThat(health()).contains("\"status\":\"UP\""));
	}

	@AfterAll
	static void stopTheJar() throws Exception {
		if (application != null) {
			application.destroy();
			if (!application.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
				application.destroyForcibly();
			}
		}
	}

	@Test
	void bodiesOverTheLimitAreRefusedUnread() throws Exception {
		HttpResponse<String> fits = put("entries/fits", "x".repeat(4096));
		assertThat(fits.statusCode()).isEqualTo(204);
		HttpResponse<String> over = put("entries/over", "x".repeat(4097));
		assertThat(over.statusCode()).isEqualTo(413);
		assertThat(over.body()).contains("send at most 4096", "sample.limits.request-body");
		// A megabyte says its length up front and is refused on it.
		HttpResponse<String> huge = put("entries/huge", "x".repeat(1024 * 1024));
		assertThat(huge.statusCode()).isEqualTo(413);
		HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("entries/chunked"))
			.header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[10]))));
		assertThat(chunked.statusCode()).isEqualTo(411);
		assertThat(send(HttpRequest.newBuilder(uri("entries/over")).GET()).statusCode()).isEqualTo(404);
		assertStillHealthy();
	}

	@Test
	void keysTheServerCannotTakeAreRefused() throws Exception {
		// Sent as raw request lines: an HTTP client would not send most of them.
		assertThat(rawStatus("PUT /entries/a%2Fb HTTP/1.1")).as("an encoded slash").isEqualTo(400);
		assertThat(rawStatus("PUT /entries/a%00b HTTP/1.1")).as("a NUL byte").isEqualTo(400);
		assertThat(rawStatus("PUT /entries/" + "k".repeat(9000) + " HTTP/1.1")).as("a key over the header limit")
			.isEqualTo(400);
		assertThat(rawStatus("PUT /entries/a b HTTP/1.1")).as("a raw space").isEqualTo(400);
		HttpResponse<String> unicode = put("entries/%C3%A4pfel", "ok");
		assertThat(unicode.statusCode()).isEqualTo(204);
		assertThat(send(HttpRequest.newBuilder(uri("entries/%C3%A4pfel")).GET()).body()).isEqualTo("ok");
		assertStillHealthy();
	}

	@Test
	void manyEntriesStayWithinTheMembersBound() throws Exception {
		int written = 5 * ENTRIES_PER_MEMBER;
		for (int i = 0; i < written; i++) {
			assertThat(put("entries/many-" + i, "value " + i).statusCode()).isEqualTo(204);
		}
		String size = send(HttpRequest.newBuilder(uri("entries")).GET()).body();
		int held = Integer.parseInt(size.replaceAll("\\D", ""));
		// Hazelcast evicts partition by partition: the bound holds to within one entry
		// for
		// each of the 271 partitions.
		assertThat(held).as("entries held after %s writes", written)
			.isPositive()
			.isLessThanOrEqualTo(ENTRIES_PER_MEMBER + PARTITIONS);
		assertThat(send(HttpRequest.newBuilder(uri("entries/many-" + (written - 1))).GET()).body())
			.isEqualTo("value " + (written - 1));
		assertStillHealthy();
	}

	private static void assertStillHealthy() throws Exception {
		assertThat(application.isAlive()).isTrue();
		assertThat(health()).contains("\"status\":\"UP\"");
	}

	private static String health() throws IOException, InterruptedException {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static HttpResponse<String> put(String path, String body) throws Exception {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + "/" + path);
	}

	/** The status of a request written byte for byte, with a small body. */
	private static int rawStatus(String requestLine) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write((requestLine + "\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
					+ "Connection: close\r\n\r\nok")
				.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			String status = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
			assertThat(status).startsWith("HTTP/1.1 ");
			return Integer.parseInt(status.substring(9, 12));
		}
	}

	private static List<Integer> freePorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	private static Path packagedJar() throws IOException {
		Path target = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			List<Path> jars = files.filter((file) -> file.getFileName().toString().matches("sample-app-.*\\.jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-sources.jar"))
				.toList();
			assertThat(jars).as("the executable jar in %s (run the package phase first)", target).hasSize(1);
			return jars.get(0);
		}
	}

	private static String tail() {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return ex.toString();
		}
	}

}
