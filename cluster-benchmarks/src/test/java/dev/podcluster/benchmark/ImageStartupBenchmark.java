package dev.podcluster.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.podcluster.e2e.KubeBed;
import dev.podcluster.e2e.KubePod;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample's image today (Java 25 with the AOT cache its build trains) against the
 * image before it (Java 17 with a class data sharing archive, and the starter's 1 s wait
 * before the join, set again through {@code cluster.hazelcast.properties}), and against
 * the Java 17 image with today's starter, side by side on a kube-bed: the sample's
 * StatefulSet overlay as users apply it ({@code cluster-benchmarks/k8s/image}), the image
 * picked with {@code kubectl set image}, each round beginning with the next contender,
 * {@code benchmark.rounds} rounds (5). Each round: one pod alone, then three pods from
 * {@code kubectl scale} at once; for each pod the process's start until Spring Boot's
 * {@code Started} line (its own "process running for") and until its readiness probe
 * answers 200, and for the three, the {@code kubectl scale} until every pod lists all
 * three (Hazelcast's member lists in the logs). Asserts nothing: prints a Markdown table
 * and writes {@code target/benchmark/image-startup.md}. As root, one bed per machine:
 * {@value #COMMAND}.
 */
class ImageStartupBenchmark {

	static final String COMMAND = "flock /tmp/e2e.lock ./mvnw -pl cluster-benchmarks -am verify -Pbenchmark"
			+ " -DskipTests -Dit.test=ImageStartupBenchmark";

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final String KUSTOMIZATION = "cluster-benchmarks/k8s/image";

	/**
	 * The starter's wait before the join, 1 s until it went to 0: set again, as a user
	 * would, for the image as it was before.
	 */
	private static final String JOIN_WAIT = "CLUSTER_HAZELCAST_PROPERTIES_HAZELCAST_WAIT_SECONDS_BEFORE_JOIN";

	/**
	 * The image before (Java 17 with a CDS archive, and the starter's 1 s wait before the
	 * join), the same image with today's starter, and today's image (Java 25 with the AOT
	 * cache), as kube/images.properties maps them.
	 */
	private static final Map<String, Contender> CONTENDERS = contenders();

	private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);

	private static final Duration BOUND = Duration.ofSeconds(180);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final List<String> METRICS = List.of("one pod alone: process start to 'Started'",
			"one pod alone: process start to ready", "three pods at once: process start to 'Started'",
			"three pods at once: process start to ready", "three pods: `kubectl scale` until every pod lists 3");

	private final Map<String, Map<String, List<Double>>> figures = new LinkedHashMap<>();

	@Test
	void startUpOfEachImage() throws IOException {
		bed.kubectl("create", "namespace", BenchmarkStatefulSet.NAMESPACE);
		String load = CoreDnsSrvBenchmark.loadAverage();
		List<String> names = new ArrayList<>(CONTENDERS.keySet());
		for (int round = 1; round <= ROUNDS; round++) {
			// Each round begins with the next contender.
			List<String> order = new ArrayList<>(names);
			Collections.rotate(order, -(round - 1));
			for (String name : order) {
				alone(name, round);
			}
			for (String name : order) {
				together(name, round);
			}
		}
		String table = table(load);
		System.out.println(table);
		Path output = Path.of("target", "benchmark");
		Files.createDirectories(output);
		Files.writeString(output.resolve("image-startup.md"), table);
	}

	private void alone(String name, int round) {
		BenchmarkStatefulSet statefulSet = statefulSet(name);
		try {
			KubePod pod = statefulSet.scaleTo(1).get(0);
			BenchmarkMembership membership = new BenchmarkMembership(statefulSet::log);
			membership.watch(List.of(pod));
			double ready = seconds(BenchmarkStatefulSet.launched(pod), awaitReady(List.of(pod)).get(pod));
			double started = started(membership, pod);
			add(name, METRICS.get(0), started);
			add(name, METRICS.get(1), ready);
			progress(name, round, String.format(Locale.ROOT, "alone: Started %.2f s, ready %.2f s", started, ready));
		}
		finally {
			statefulSet.deleteAllNow();
		}
	}

	private void together(String name, int round) {
		BenchmarkStatefulSet statefulSet = statefulSet(name);
		try {
			Instant scaled = Instant.now();
			List<KubePod> pods = statefulSet.scaleTo(3);
			BenchmarkMembership membership = new BenchmarkMembership(statefulSet::log);
			membership.watch(pods);
			Map<KubePod, Instant> readyAt = awaitReady(pods);
			Instant formed = membership.awaitMembers(pods, pods, BOUND);
			if (formed == null) {
				throw new IllegalStateException(name + ": three pods made no single cluster within " + BOUND);
			}
			List<String> each = new ArrayList<>();
			for (KubePod pod : pods) {
				double ready = seconds(BenchmarkStatefulSet.launched(pod), readyAt.get(pod));
				double started = started(membership, pod);
				add(name, METRICS.get(2), started);
				add(name, METRICS.get(3), ready);
				each.add(String.format(Locale.ROOT, "%.2f/%.2f", started, ready));
			}
			double formation = seconds(scaled, formed);
			add(name, METRICS.get(4), formation);
			progress(name, round, String.format(Locale.ROOT, "three: Started/ready %s s, one cluster after %.2f s",
					String.join(", ", each), formation));
		}
		finally {
			statefulSet.deleteAllNow();
		}
	}

	private static BenchmarkStatefulSet statefulSet(String name) {
		Contender contender = CONTENDERS.get(name);
		BenchmarkStatefulSet statefulSet = BenchmarkStatefulSet.apply(bed, KUSTOMIZATION, contender.environment());
		bed.kubectl("-n", BenchmarkStatefulSet.NAMESPACE, "set", "image", "statefulset/" + BenchmarkStatefulSet.NAME,
				"sample-app=" + contender.image());
		BenchmarkMembership.sleep(Duration.ofSeconds(2));
		return statefulSet;
	}

	private static double started(BenchmarkMembership membership, KubePod pod) {
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (Double.isNaN(membership.log(pod).processRunningForSeconds())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(pod + " logged no 'Started' line within " + BOUND);
			}
			BenchmarkMembership.sleep(Duration.ofMillis(100));
		}
		return membership.log(pod).processRunningForSeconds();
	}

	/** When each pod's readiness endpoint first answered 200, polled together. */
	private static Map<KubePod, Instant> awaitReady(List<KubePod> pods) {
		Map<KubePod, Instant> ready = new LinkedHashMap<>();
		long deadline = System.nanoTime() + BOUND.toNanos();
		while (ready.size() < pods.size()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not ready within " + BOUND + ": "
						+ pods.stream().filter((pod) -> !ready.containsKey(pod)).toList());
			}
			for (KubePod pod : pods) {
				if (!ready.containsKey(pod) && answersReady(pod)) {
					ready.put(pod, Instant.now());
				}
			}
			BenchmarkMembership.sleep(Duration.ofMillis(50));
		}
		return ready;
	}

	private static boolean answersReady(KubePod pod) {
		// Actuator answers on the management port (MANAGEMENT_SERVER_PORT in the
		// ConfigMap).
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://" + pod.ip() + ":8081/actuator/health/readiness"))
			.timeout(Duration.ofSeconds(3))
			.build();
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			// Not listening yet.
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	private void add(String image, String metric, double seconds) {
		this.figures.computeIfAbsent(metric, (key) -> new LinkedHashMap<>())
			.computeIfAbsent(image, (key) -> new ArrayList<>())
			.add(seconds);
	}

	private String table(String load) {
		List<String> names = new ArrayList<>(CONTENDERS.keySet());
		StringBuilder table = new StringBuilder();
		table.append(
				String.format(Locale.ROOT, "%s, %d rounds, load average at the start %s, seconds: median (min-max)%n%n",
						Instant.now(), ROUNDS, load));
		table.append("| measurement | ")
			.append(String.join(" | ", names))
			.append(" | now/before | now/Java 17 with today's starter |\n");
		table.append("| --- | --- | --- | --- | --- | --- |\n");
		for (String metric : METRICS) {
			Map<String, List<Double>> byImage = this.figures.getOrDefault(metric, Map.of());
			table.append("| ").append(metric);
			for (String name : names) {
				table.append(" | ").append(stats(byImage.getOrDefault(name, List.of())));
			}
			double before = median(byImage.getOrDefault(names.get(0), List.of()));
			double java17 = median(byImage.getOrDefault(names.get(1), List.of()));
			double now = median(byImage.getOrDefault(names.get(2), List.of()));
			table.append(String.format(Locale.ROOT, " | %.2f | %.2f |%n", now / before, now / java17));
		}
		return table.toString();
	}

	private static String stats(List<Double> values) {
		if (values.isEmpty()) {
			return "-";
		}
		List<Double> sorted = values.stream().sorted().toList();
		return String.format(Locale.ROOT, "%.2f s (%.2f-%.2f)", median(values), sorted.get(0),
				sorted.get(sorted.size() - 1));
	}

	private static double median(List<Double> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	private static double seconds(Instant from, @Nullable Instant to) {
		return (to == null) ? Double.NaN : Duration.between(from, to).toMillis() / 1000.0;
	}

	private static void progress(String image, int round, String what) {
		System.out.printf("[image-startup] round %d, %s: %s%n", round, image, what);
	}

	private static Map<String, Contender> contenders() {
		Map<String, Contender> contenders = new LinkedHashMap<>();
		contenders.put("Java 17, CDS archive, 1 s join wait (the image before)",
				new Contender("sample-app:0.1.0-SNAPSHOT-java17", Map.of(JOIN_WAIT, "1")));
		contenders.put("Java 17, CDS archive", new Contender("sample-app:0.1.0-SNAPSHOT-java17", Map.of()));
		contenders.put("Java 25, AOT cache (the image now)", new Contender("sample-app:0.1.0-SNAPSHOT", Map.of()));
		return contenders;
	}

	/**
	 * An image, and variables added to its pods.
	 *
	 * @param image the image, as kube/images.properties maps it
	 * @param environment variables set with {@code kubectl set env}
	 */
	private record Contender(String image, Map<String, String> environment) {

	}

}
