package dev.podcluster.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page in headless Chromium against a running two-member cluster: it shows
 * this pod, both members, the counter, the messages, the browser's HTTP session and a
 * cached report, and keeps up by itself. Its screenshot is kept as
 * {@code target/status-page.png}.
 */
class StatusPageTests {

	private static final Path TARGET = Path.of("target");

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster(2);

	private static Chromium chromium;

	@BeforeAll
	static void findChromium() {
		chromium = Chromium.installed(TARGET.resolve("chromium"));
	}

	@Test
	void showsThePodTheMembersTheCounterAndLiveMessages() {
		String earlier = "posted on node-2 before the page opened " + UUID.randomUUID();
		cluster.member(2).postMessage(earlier);
		long counter = cluster.member(2).post("counter").get("value").asLong();

		try (Chromium.BrowserPage page = chromium.open(cluster.member(1).uri(""))) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Document dom = Jsoup.parse(page.html());
				assertThat(dom.select("#node-name").text()).isEqualTo("node-1");
				assertThat(dom.select("#members .member-name").eachText()).containsExactly("node-1", "node-2");
				assertThat(dom.select("#counter").text()).isEqualTo(Long.toString(counter));
				assertThat(dom.select("#messages .text").eachText()).contains(earlier);
				assertThat(dom.select("#stream-state").text()).isEqualTo("live");
				assertThat(dom.select("#problem").hasAttr("hidden")).as(dom.select("#problem").text()).isTrue();
			});

			String live = "posted on node-2 while the page is open " + UUID.randomUUID();
			cluster.member(2).postMessage(live);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(
						() -> assertThat(Jsoup.parse(page.html()).select("#messages .text").eachText()).contains(live));

			cluster.member(2).post("counter");
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(Jsoup.parse(page.html()).select("#counter").text())
					.isEqualTo(Long.toString(counter + 1)));

			page.screenshot(TARGET.resolve("status-page.png"));
		}
		assertThat(TARGET.resolve("status-page.png")).isNotEmptyFile();
	}

	@Test
	void itsButtonAndFormActOnTheCluster() {
		long counter = cluster.member(2).get("counter").get("value").asLong();
		String typed = "typed into the page on node-1 " + UUID.randomUUID();

		try (Chromium.BrowserPage page = chromium.open(cluster.member(1).uri(""));
				EventStream onNode2 = cluster.member(2).openStream(null)) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(
						() -> assertThat(Jsoup.parse(page.html()).select("#stream-state").text()).isEqualTo("live"));
			page.evaluate("document.getElementById('increment').click()");
			page.evaluate("document.getElementById('text').value = '" + typed + "'");
			page.evaluate("document.getElementById('send').requestSubmit()");

			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				assertThat(cluster.member(2).get("counter").get("value").asLong()).isEqualTo(counter + 1);
				assertThat(onNode2.texts()).contains(typed);
				assertThat(Jsoup.parse(page.html()).select("#messages .text").eachText()).contains(typed);
			});
		}
	}

	@Test
	void showsOneSessionAndOneCachedReportOnEveryPod() {
		try (Chromium.BrowserPage page = chromium.open(cluster.member(1).uri(""))) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Document dom = Jsoup.parse(page.html());
				assertThat(dom.select("#session-created-on").text()).isEqualTo("node-1");
				assertThat(dom.select("#session-served-by").text()).isEqualTo("node-1");
				assertThat(dom.select("#report-computed-by").text()).isIn("node-1", "node-2");
			});
			Document onNode1 = Jsoup.parse(page.html());
			String computedBy = onNode1.select("#report-computed-by").text();
			String computations = onNode1.select("#report-computations").text();

			// The same browser, so the same session cookie, on the other pod.
			page.evaluate("location.href = '" + cluster.member(2).uri("") + "'");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Document dom = Jsoup.parse(page.html());
				assertThat(dom.select("#node-name").text()).isEqualTo("node-2");
				assertThat(dom.select("#session-served-by").text()).isEqualTo("node-2");
				assertThat(dom.select("#session-created-on").text()).as("created on the first pod").isEqualTo("node-1");
				assertThat(Integer.parseInt(dom.select("#session-requests").text())).isGreaterThan(1);
				assertThat(dom.select("#report-computed-by").text()).isEqualTo(computedBy);
				assertThat(dom.select("#report-computations").text()).isEqualTo(computations);
			});
		}
	}

}
