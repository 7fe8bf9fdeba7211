package dev.podcluster.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.podcluster.discovery.BenchmarkSrvLookup;
import dev.podcluster.discovery.SeedLookupException;
import dev.podcluster.discovery.SeedProvider;
import dev.podcluster.e2e.KubeBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.util.Statistics;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JMH benchmark of one SRV lookup ({@link SrvLookupBenchmark}) against the real
 * CoreDNS of a kube-bed, which sends every target's address along in the additional
 * section (BIND 9.18 sends none for more than 13 records): headless Services without
 * selectors and hand-made EndpointSlices of 10, 100 and 1000 endpoints, each with a host
 * name and the named port {@code hazelcast}; no pods. Before JMH runs, it counts the
 * queries per lookup with CoreDNS's own request counter. It asserts nothing but that each
 * lookup finds every endpoint. Run it alone, as root, with {@value #COMMAND}; it writes
 * {@code target/benchmark/coredns.md} and {@code coredns-jmh.json}.
 */
class CoreDnsSrvBenchmark {

	static final String COMMAND = "flock /tmp/e2e.lock ./mvnw -pl cluster-benchmarks -am verify -Pbenchmark"
			+ " -DskipTests -Dit.test=CoreDnsSrvBenchmark";

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final List<Integer> SIZES = List.of(10, 100, 1000);

	private static final int COUNTED_LOOKUPS = 20;

	private static final Duration PUBLISHED_BOUND = Duration.ofSeconds(90);

	private static final Pattern IPV4 = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void srvLookupAgainstCoreDns() throws Exception {
		Instant began = Instant.now();
		String loadBefore = loadAverage();
		Files.createDirectories(output());
		Path manifest = output().resolve("coredns-services.json");
		Files.writeString(manifest, JSON.writeValueAsString(services()));
		bed.kubectl("apply", "-f", manifest.toString());
		CoreDnsRequests requests = CoreDnsRequests.of(coreDnsPods());

		Map<Integer, Counted> counts = new LinkedHashMap<>();
		for (int size : SIZES) {
			counts.put(size, count(size, requests));
		}
		Path json = output().resolve("coredns-jmh.json");
		Options options = SrvLookupBenchmark.options(json, "coredns");
		StringBuilder table = new StringBuilder("| SRV records | median | p90 | min–max | mean ± 99.9% CI"
				+ " | addresses sent along | queries per lookup received by CoreDNS |\n| --- | --- | --- | --- | --- | --- | --- |\n");
		for (RunResult run : new Runner(options).run()) {
			Result<?> primary = run.getPrimaryResult();
			Statistics statistics = primary.getStatistics();
			int records = Integer.parseInt(run.getParams().getParam("records"));
			Counted counted = counts.get(records);
			table.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f–%.0f | %.2f ± %.2f | %d of %d | %s |%n",
					records, statistics.getPercentile(50), statistics.getPercentile(90), statistics.getMin(),
					statistics.getMax(), primary.getScore(), primary.getScoreError(), counted.sentAlong(), records,
					counted.perLookup()));
		}
		String report = "CoreDNS at " + SrvLookupBenchmark.CLUSTER_DNS + ", "
				+ began.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC) + ", " + machine() + ", load average "
				+ loadBefore + " before, " + loadAverage() + " after\n" + COMMAND
				+ "\n\nOne SRV lookup + parse through DnsSrvSeedProvider/DnsClient (JMH sample time), ms\n\n" + table;
		Files.writeString(output().resolve("coredns.md"), report);
		System.out.println("\n[benchmark] " + report);
	}

	/**
	 * Waits until CoreDNS answers with every endpoint, then counts what
	 * {@value #COUNTED_LOOKUPS} lookups cost it, with a client built as the benchmark
	 * builds it.
	 */
	private static Counted count(int size, CoreDnsRequests requests) throws Exception {
		try (BenchmarkSrvLookup dns = SrvLookupBenchmark.lookup(SrvLookupBenchmark.clusterDns(), size)) {
			SeedProvider provider = dns.provider();
			awaitPublished(provider, size);
			int sentAlong = dns.addressesSentAlong();
			Map<String, Long> before = requests.read();
			for (int i = 0; i < COUNTED_LOOKUPS; i++) {
				provider.lookup();
			}
			Map<String, Long> after = requests.read();
			List<String> perTransport = new ArrayList<>();
			double total = 0;
			for (String transport : after.keySet()) {
				double perLookup = (after.get(transport) - before.getOrDefault(transport, 0L))
						/ (double) COUNTED_LOOKUPS;
				if (perLookup > 0) {
					perTransport
						.add(String.format(Locale.ROOT, "%s %.2f", transport.toUpperCase(Locale.ROOT), perLookup));
					total += perLookup;
				}
			}
			Counted counted = new Counted(sentAlong,
					String.format(Locale.ROOT, "%.2f (%s)", total, String.join(", ", perTransport)));
			System.out.printf("[benchmark] CoreDNS, %d endpoints: %d addresses sent along, queries per lookup: %s%n",
					size, sentAlong, counted.perLookup());
			return counted;
		}
	}

	private static void awaitPublished(SeedProvider provider, int size) {
		long deadline = System.nanoTime() + PUBLISHED_BOUND.toNanos();
		String last = "no answer yet";
		while (System.nanoTime() < deadline) {
			try {
				int seeds = provider.lookup().seeds().size();
				if (seeds == size) {
					return;
				}
				last = seeds + " seeds";
			}
			catch (SeedLookupException ex) {
				last = ex.getMessage();
			}
			BenchmarkMembership.sleep(Duration.ofMillis(500));
		}
		throw new IllegalStateException("CoreDNS did not answer " + provider.query() + " with " + size
				+ " endpoints within " + PUBLISHED_BOUND.toSeconds() + " s; last: " + last);
	}

	/**
	 * The namespace, and per size a headless Service without a selector and its
	 * EndpointSlice, as the endpoint controller would write it for ready pods named
	 * {@code bench-N}.
	 */
	private static Map<String, Object> services() {
		List<Object> items = new ArrayList<>();
		items.add(Map.of("apiVersion", "v1", "kind", "Namespace", "metadata",
				Map.of("name", SrvLookupBenchmark.NAMESPACE)));
		for (int size : SIZES) {
			String service = SrvLookupBenchmark.service(size);
			Map<String, Object> metadata = Map.of("name", service, "namespace", SrvLookupBenchmark.NAMESPACE);
			items.add(Map.of("apiVersion", "v1", "kind", "Service", "metadata", metadata, "spec", Map.of("clusterIP",
					"None", "ports", List.of(Map.of("name", "hazelcast", "port", 5701, "protocol", "TCP")))));
			List<Object> endpoints = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				// In the pod range, above the /24s node IPAM gives the bed's Nodes.
				String ip = "10.244." + (100 + i / 250) + "." + (1 + i % 250);
				endpoints.add(Map.of("addresses", List.of(ip), "hostname", "bench-" + i, "conditions",
						Map.of("ready", true, "serving", true, "terminating", false)));
			}
			items.add(Map.of("apiVersion", "discovery.k8s.io/v1", "kind", "EndpointSlice", "metadata",
					Map.of("name", service + "-hazelcast", "namespace", SrvLookupBenchmark.NAMESPACE, "labels",
							Map.of("kubernetes.io/service-name", service, "endpointslice.kubernetes.io/managed-by",
									"cluster-benchmarks")),
					"addressType", "IPv4", "ports",
					List.of(Map.of("name", "hazelcast", "port", 5701, "protocol", "TCP")), "endpoints", endpoints));
		}
		return Map.of("apiVersion", "v1", "kind", "List", "items", items);
	}

	private static List<String> coreDnsPods() {
		String ips = bed.kubectl("-n", "kube-system", "get", "pods", "-l", "k8s-app=kube-dns", "-o",
				"jsonpath={.items[*].status.podIP}");
		List<String> pods = new ArrayList<>();
		Matcher ip = IPV4.matcher(ips);
		while (ip.find()) {
			pods.add(ip.group());
		}
		if (pods.isEmpty()) {
			throw new IllegalStateException("No CoreDNS pod IP in: " + ips);
		}
		return pods;
	}

	/** The load average over 1, 5 and 15 minutes, as /proc/loadavg gives it. */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String machine() {
		String cpu;
		try {
			cpu = Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).strip())
				.findFirst()
				.orElse("unknown CPU");
		}
		catch (IOException ex) {
			cpu = "unknown CPU";
		}
		return String.format(Locale.ROOT, "%d cores (%s), Java %s", Runtime.getRuntime().availableProcessors(), cpu,
				System.getProperty("java.version"));
	}

	private static Path output() {
		return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target").resolve("benchmark");
	}

	/**
	 * What one size's lookups cost.
	 *
	 * @param sentAlong targets whose address came in the SRV answer
	 * @param perLookup queries per lookup CoreDNS received, in all and per transport
	 */
	private record Counted(int sentAlong, String perLookup) {
	}

}
