package dev.podcluster.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/prometheus} as Prometheus reads it: scraped over HTTP from a member of
 * a two-member cluster and checked by Prometheus's own {@code promtool check metrics}.
 */
class PrometheusScrapeTests {

	/** The starter's metrics, as Prometheus names them. */
	private static final List<String> CLUSTER_METRICS = List.of("cluster_members", "cluster_discovery_seeds",
			"cluster_discovery_lookups_seconds_count", "cluster_discovery_lookups_seconds_sum",
			"cluster_discovery_failures_total", "cluster_members_joined_total", "cluster_members_left_total");

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster(2);

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void promtoolFindsNoProblemInTheScrape() throws Exception {
		Path promtool = Promtool.find("check /actuator/prometheus");
		String scrape = scrape(cluster.member(1));
		for (String metric : CLUSTER_METRICS) {
			assertThat(scrape).as("the scrape has %s", metric).containsPattern("(?m)^" + metric + "[{ ]");
		}
		assertThat(scrape).containsPattern("(?m)^cluster_members(\\{[^}]*\\})? 2\\.0$");
		PromtoolResult result = checkMetrics(promtool, scrape);
		// Exit 0: clean; 3: parsed, with lint problems, one "<metric> <problem>" line
		// each;
		// anything else (1) is a scrape Prometheus could not parse.
		assertThat(result.exitCode()).as("promtool's exit code; output:%n%s", result.output()).isIn(0, 3);
		List<String> problems = result.output().lines().filter((line) -> !line.isBlank()).toList();
		assertThat(problems).as("lint problems of the whole scrape, each naming its metric")
			.allSatisfy((line) -> assertThat(line).matches("[a-zA-Z_:][a-zA-Z0-9_:]* .+"));
		// Boot's and Micrometer's own meters (jvm_, tomcat_, http_server_...) are theirs
		// to fix; the starter's must be clean.
		assertThat(problems).as("promtool's findings on the starter's metrics")
			.noneMatch((line) -> line.startsWith("cluster_"));
	}

	private String scrape(SampleMember member) throws IOException, InterruptedException {
		// The classic text format, the one promtool check metrics parses (and Prometheus
		// asks for first).
		HttpRequest request = HttpRequest.newBuilder(member.uri("actuator/prometheus"))
			.header("Accept", "text/plain;version=0.0.4")
			.GET()
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET /actuator/prometheus: %s", response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
		return response.body();
	}

	private static PromtoolResult checkMetrics(Path promtool, String scrape) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
		try (OutputStream stdin = process.getOutputStream()) {
			stdin.write(scrape.getBytes(StandardCharsets.UTF_8));
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
		return new PromtoolResult(process.exitValue(), output.strip());
	}

	private record PromtoolResult(int exitCode, String output) {

	}

}
