package dev.podcluster.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's StatefulSet on a kube-bed whose 3 Nodes sit in zones a, b and c: waits
 * until its pods form one cluster in which every member shows its pod's zone, Node and
 * partition group, then writes entries, force-deletes every pod of zone-a (or node-a) at
 * once and counts what the survivors no longer have.
 */
final class ZoneLoss {

	static final String SELECTOR = "app.kubernetes.io/name=sample-app";

	private static final Duration BOUND = Duration.ofMinutes(5);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final KubeBed bed;

	private final int entries;

	/**
	 * @param bed the bed, up
	 * @param entries how many entries to write before a zone is lost
	 */
	ZoneLoss(KubeBed bed, int entries) {
		this.bed = bed;
		this.entries = entries;
	}

	static Map<String, Long> count(List<ZonedPod> pods, Function<ZonedPod, String> place) {
		return pods.stream().collect(Collectors.groupingBy(place, TreeMap::new, Collectors.counting()));
	}

	/**
	 * Asserts that the pods sit in places a, b and c as a maxSkew of 1 spreads them: as
	 * many in each, or one more in some when they do not divide by 3.
	 */
	static void assertEvenSpread(List<ZonedPod> pods, Function<ZonedPod, String> place, String by) {
		Map<String, Long> counts = count(pods, place);
		String description = "topologySpreadConstraints spread " + pods.size() + " pods evenly over each " + by + ": "
				+ counts;
		assertThat(counts.keySet()).as(description).containsExactly(by + "-a", by + "-b", by + "-c");
		assertThat(counts.values()).as(description).allMatch((n) -> n == pods.size() / 3 || n == pods.size() / 3 + 1);
	}

	/**
	 * Checks that the pods sit evenly in zones (or nodes) a, b and c (as the
	 * topologySpreadConstraints' maxSkew of 1 puts them), writes the entries,
	 * force-deletes the pods of zone-a (or node-a) at once, and counts the entries the
	 * survivors no longer have.
	 * @param pods the cluster's pods
	 * @param scenario names the printed figures
	 * @param by {@code zone} or {@code node}
	 * @return the number of entries lost
	 */
	int loseA(List<ZonedPod> pods, String scenario, String by) {
		Function<ZonedPod, String> place = by.equals("zone") ? ZonedPod::zone : ZonedPod::node;
		assertEvenSpread(pods, place, by);
		String lostPlace = by + "-a";
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < this.entries; i++) {
			keys.add("zone-loss-" + i);
		}
		Map<String, Integer> failedPuts = send(pods, keys, "PUT");
		assertThat(failedPuts).as("PUTs not answered 204").isEmpty();

		List<ZonedPod> lost = pods.stream().filter((pod) -> place.apply(pod).equals(lostPlace)).toList();
		List<ZonedPod> survivors = pods.stream().filter((pod) -> !place.apply(pod).equals(lostPlace)).toList();
		List<String> killed = new ArrayList<>(List.of("delete", "pod", "--force", "--grace-period=0", "--wait=false"));
		lost.forEach((pod) -> killed.add(pod.name()));
		long start = System.nanoTime();
		this.bed.kubectl(killed.toArray(String[]::new));
		Set<String> goneAddresses = lost.stream().map((pod) -> pod.ip() + ":5701").collect(Collectors.toSet());
		// The survivors have dropped the lost members (and promoted their backups).
		await().atMost(BOUND).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
			for (ZonedPod survivor : survivors) {
				List<String> addresses = new ArrayList<>();
				get(survivor, "/actuator/cluster").get("members")
					.forEach((member) -> addresses.add(member.get("address").asString()));
				assertThat(addresses).as(survivor.name()).doesNotContainAnyElementsOf(goneAddresses);
			}
		});
		Timing.report("zone-loss-" + scenario, lostPlace + "-dropped", Timing.since(start));
		Map<String, Integer> missing = send(survivors, keys, "GET");
		assertThat(missing.values()).as("GETs answered neither 200 nor 404").allMatch((status) -> status == 404);
		System.out.printf("Zone loss %s: %d of %d entries lost with %s (%d pods force-deleted at once)%n", scenario,
				missing.size(), this.entries, lostPlace, lost.size());
		return missing.size();
	}

	/**
	 * Waits until the pods run, each lists them all as members, and each member shows the
	 * zone and node of its pod and the partition group in use.
	 * @param scenario names the printed figures
	 * @param size the number of pods
	 * @param groupedBy what every member's partition group is named after
	 * @return the pods
	 */
	List<ZonedPod> awaitCluster(String scenario, int size, String groupedBy) {
		long start = System.nanoTime();
		List<ZonedPod> cluster;
		try {
			cluster = await().atMost(BOUND).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
				List<ZonedPod> pods = pods();
				assertThat(pods).hasSize(size).allSatisfy((pod) -> assertThat(pod.ip()).isNotEmpty());
				Map<String, ZonedPod> byAddress = pods.stream()
					.collect(Collectors.toMap((pod) -> pod.ip() + ":5701", Function.identity()));
				for (ZonedPod pod : pods) {
					JsonNode descriptor = get(pod, "/actuator/cluster");
					assertThat(descriptor.get("size").asInt()).as(pod.name()).isEqualTo(size);
					descriptor.get("members").forEach((member) -> {
						ZonedPod memberPod = byAddress.get(member.get("address").asString());
						assertThat(member.get("zone").asString()).isEqualTo(memberPod.zone());
						assertThat(member.get("node").asString()).isEqualTo(memberPod.node());
						assertThat(member.get("partitionGroup").asString()).isEqualTo(groupedBy);
					});
				}
				return pods;
			}, (pods) -> pods != null);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + this.bed.podReport(), ex);
		}
		Timing.report("zone-loss-" + scenario, "cluster-formed", Timing.since(start));
		System.out.printf("Zone loss %s: pods per zone %s, per node %s%n", scenario, count(cluster, ZonedPod::zone),
				count(cluster, ZonedPod::node));
		return cluster;
	}

	/**
	 * Sends one request per key, round robin over the pods, 16 at a time, retrying what
	 * fails to connect; returns the keys answered with something other than 2xx, and the
	 * status.
	 */
	private static Map<String, Integer> send(List<ZonedPod> pods, List<String> keys, String method) {
		Map<String, Integer> answers = new ConcurrentHashMap<>();
		Semaphore inFlight = new Semaphore(16);
		List<CompletableFuture<?>> all = new ArrayList<>();
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			ZonedPod pod = pods.get(i % pods.size());
			inFlight.acquireUninterruptibly();
			all.add(request(pod, key, method, 5).whenComplete((status, ex) -> {
				inFlight.release();
				int code = (ex != null) ? -1 : status;
				if (code / 100 != 2) {
					answers.put(key, code);
				}
			}));
		}
		CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
		return answers;
	}

	private static CompletableFuture<Integer> request(ZonedPod pod, String key, String method, int attempts) {
		HttpRequest.Builder builder = HttpRequest
			.newBuilder(URI.create("http://" + pod.ip() + ":" + SampleApp.HTTP_PORT + "/entries/" + key))
			.timeout(Duration.ofSeconds(30));
		HttpRequest request = method.equals("PUT")
				? builder.PUT(HttpRequest.BodyPublishers.ofString("value-" + key)).build() : builder.GET().build();
		return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply((response) -> {
			if (method.equals("GET") && response.statusCode() == 200) {
				assertThat(response.body()).isEqualTo("value-" + key);
			}
			return response.statusCode();
		})
			.exceptionallyCompose((ex) -> (attempts > 1) ? request(pod, key, method, attempts - 1)
					: CompletableFuture.failedFuture(ex));
	}

	static JsonNode get(ZonedPod pod, String path) throws Exception {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://" + pod.ip() + ":" + SampleApp.port(path) + path))
				.timeout(Duration.ofSeconds(5))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return SampleApp.JSON.readTree(response.body());
	}

	/** The sample's pods, without those terminating, with their zone label and node. */
	private List<ZonedPod> pods() {
		String table = this.bed.kubectl("get", "pods", "-l", SELECTOR, "-o",
				"jsonpath={range .items[*]}{.metadata.name} {.status.podIP} {.metadata.deletionTimestamp}"
						+ " {.metadata.labels.topology\\.kubernetes\\.io/zone} {.spec.nodeName}{\"\\n\"}{end}");
		return table.lines()
			.map((line) -> line.split(" ", -1))
			.filter((fields) -> fields.length == 5 && fields[2].isEmpty())
			.map((fields) -> new ZonedPod(fields[0], fields[1], fields[3], fields[4]))
			.sorted((a, b) -> a.name().compareTo(b.name()))
			.toList();
	}

	/**
	 * A pod as {@code kubectl get pods} lists it.
	 *
	 * @param name its name
	 * @param ip its pod IP, empty until it has one
	 * @param zone its label topology.kubernetes.io/zone, copied from its Node at binding
	 * @param node the Node it is bound to
	 */
	record ZonedPod(String name, String ip, String zone, String node) {

	}

}
