package dev.podcluster.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Debian's headless Chromium, with a fresh profile per page, driven over the DevTools
 * protocol on loopback. Not {@code --dump-dom} or {@code --virtual-time-budget}: the
 * first takes the DOM at the load event, before the page's fetches answer, and the second
 * never ends while an EventSource is open.
 */
final class Chromium {

	static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final Path workDirectory;

	private Chromium(Path workDirectory) {
		this.workDirectory = workDirectory;
	}

	/**
	 * Returns the installed Chromium; fails the test, with the fix, when it is not
	 * installed.
	 * @param workDirectory where profiles and logs go
	 * @return Chromium
	 */
	static Chromium installed(Path workDirectory) {
		if (!Files.isExecutable(EXECUTABLE)) {
			fail("Headless Chromium is needed at %s to test the status page and is missing: apt-get install -y chromium",
					EXECUTABLE);
		}
		return new Chromium(workDirectory);
	}

	/**
	 * Starts a browser showing a page in a 1280x900 viewport.
	 * @param page the page
	 * @return the open page, to be closed
	 */
	BrowserPage open(URI page) {
		try {
			Files.createDirectories(this.workDirectory);
			Path profile = Files.createTempDirectory(this.workDirectory, "profile-");
			Path log = Files.createTempFile(this.workDirectory, "chromium-", ".log");
			List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox",
					"--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
					"--window-size=1280,900", "--hide-scrollbars", "--remote-debugging-address=127.0.0.1",
					"--remote-debugging-port=0", page.toString()));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			try {
				DevToolsSession session = connect(process, profile, page, log);
				// The window size less the browser's own frame is not 900 high: set the
				// page's viewport itself.
				session.call("Emulation.setDeviceMetricsOverride",
						json.createObjectNode()
							.put("width", 1280)
							.put("height", 900)
							.put("deviceScaleFactor", 1)
							.put("mobile", false));
				return new BrowserPage(process, profile, session);
			}
			catch (RuntimeException | Error ex) {
				stop(process, profile);
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static DevToolsSession connect(Process process, Path profile, URI page, Path log) {
		// Chromium picks the port and writes it, first line, to DevToolsActivePort in the
		// profile.
		Path activePort = profile.resolve("DevToolsActivePort");
		AtomicReference<URI> target = new AtomicReference<>();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(process.isAlive()).as("Chromium is running; its log: %s", Files.readString(log)).isTrue();
			assertThat(activePort).exists();
			String port = Files.readAllLines(activePort).get(0);
			HttpResponse<String> targets = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
					HttpResponse.BodyHandlers.ofString());
			for (JsonNode candidate : json.readTree(targets.body())) {
				if (candidate.get("type").asString().equals("page")
						&& candidate.get("url").asString().startsWith(page.toString())) {
					target.set(URI.create(candidate.get("webSocketDebuggerUrl").asString()));
				}
			}
			assertThat(target.get()).as("the DevTools target of %s", page).isNotNull();
		});
		return DevToolsSession.connect(http, target.get());
	}

	private static void stop(Process process, Path profile) {
		process.descendants().forEach(ProcessHandle::destroy);
		process.destroy();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			delete(profile);
		}
	}

	private static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			// A profile left in target/ does no harm.
		}
	}

	/**
	 * A page open in headless Chromium.
	 */
	static final class BrowserPage implements AutoCloseable {

		private final Process process;

		private final Path profile;

		private final DevToolsSession session;

		private BrowserPage(Process process, Path profile, DevToolsSession session) {
			this.process = process;
			this.profile = profile;
			this.session = session;
		}

		/**
		 * Returns the page's DOM as it is now.
		 * @return the serialized DOM
		 */
		String html() {
			return evaluate("document.documentElement.outerHTML");
		}

		/**
		 * Runs a script in the page, as its own code would.
		 * @param expression a JavaScript expression
		 * @return its value, as text
		 */
		String evaluate(String expression) {
			JsonNode result = this.session.call("Runtime.evaluate",
					json.createObjectNode().put("expression", expression).put("returnByValue", true));
			assertThat(result.has("exceptionDetails")).as("%s threw %s", expression, result).isFalse();
			return result.get("result").path("value").asString();
		}

		/**
		 * Saves what the window shows as a PNG.
		 * @param file where the PNG goes
		 */
		void screenshot(Path file) {
			JsonNode result = this.session.call("Page.captureScreenshot", json.createObjectNode().put("format", "png"));
			try {
				Files.createDirectories(file.toAbsolutePath().getParent());
				Files.write(file, Base64.getDecoder().decode(result.get("data").asString()));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void close() {
			this.session.close();
			stop(this.process, this.profile);
		}

	}

}
