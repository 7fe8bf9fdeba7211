package dev.podcluster.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DNS queries CoreDNS received, as its own Prometheus counter
 * {@code coredns_dns_requests_total} counts them (the {@code prometheus :9153} plugin of
 * kubeadm's Corefile), summed over its pods, by transport: what reached the server, the
 * client's retries over TCP included.
 *
 * @param metrics the {@code /metrics} URL of each CoreDNS pod
 */
record CoreDnsRequests(List<URI> metrics) {

	private static final Pattern REQUESTS = Pattern
		.compile("^coredns_dns_requests_total\\{(?<labels>[^}]*)\\} (?<value>\\S+)$");

	private static final Pattern PROTO = Pattern.compile("proto=\"(?<proto>[^\"]*)\"");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static CoreDnsRequests of(List<String> podIps) {
		return new CoreDnsRequests(podIps.stream().map((ip) -> URI.create("http://" + ip + ":9153/metrics")).toList());
	}

	/**
	 * Reads the counters now.
	 * @return per transport ({@code udp}, {@code tcp}), the queries received so far
	 */
	Map<String, Long> read() {
		Map<String, Long> received = new TreeMap<>();
		for (URI uri : this.metrics) {
			String body = get(uri);
			body.lines().forEach((line) -> {
				Matcher requests = REQUESTS.matcher(line);
				if (requests.matches()) {
					Matcher proto = PROTO.matcher(requests.group("labels"));
					String transport = proto.find() ? proto.group("proto") : "?";
					received.merge(transport, (long) Double.parseDouble(requests.group("value")), Long::sum);
				}
			});
		}
		return received;
	}

	private static String get(URI uri) {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException(uri + " answered " + response.statusCode());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read CoreDNS's metrics at " + uri + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading " + uri, ex);
		}
	}

}
