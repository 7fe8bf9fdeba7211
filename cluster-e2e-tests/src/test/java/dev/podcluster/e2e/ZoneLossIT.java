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
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole zone lost at once, on the real control plane: 3 Nodes in 3 zones, the sample's
 * StatefulSet scaled to 6 pods, which its topologySpreadConstraints put 2 per zone; each
 * pod learns its zone from the label PodTopologyLabels copies from its Node. 10,000
 * entries (one backup each), then every pod of zone-a force-deleted at once: with the
 * default partition group ({@code auto}, by zone) nothing is lost; with {@code none} the
 * entries whose primary and backup both sat in zone-a are, and their number is printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZoneLossIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final Duration BOUND = Duration.ofMinutes(5);

	private static final String SELECTOR = "app.kubernetes.io/name=sample-app";

	private static final int PODS = 6;

	private static final int ENTRIES = 10_000;

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	@Order(1)
	void zoneAwareBackupsSurviveLosingAZone() {
		bed.kubectl("apply", "-k", "sample-app/k8s/overlays/statefulset");
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=" + PODS);
		int lost = loseZoneA("auto");
		assertThat(lost).as("entries lost with zone-a, partition-group auto").isZero();
	}

	@Test
	@Order(2)
	void withoutPartitionGroupsLosingAZoneLosesEntries() {
		// The group type changes: old and new members would refuse each other, so all
		// restart together.
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=0");
		// Until every pod is gone, terminating ones too: one of the old type still
		// in DNS would refuse the new ones.
		await().atMost(BOUND)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(bed.kubectl("get", "pods", "-l", SELECTOR, "-o", "name")).isBlank());
		bed.kubectl("patch", "configmap", "sample-app-config", "--type", "merge", "-p",
				"{\"data\":{\"CLUSTER_HAZELCAST_PARTITIONGROUP\":\"none\"}}");
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=" + PODS);
		int lost = loseZoneA("none");
		// Without groups Hazelcast ignores zones: some partitions had both replicas
		// in zone-a.
		assertThat(lost).as("entries lost with zone-a, partition-group none").isPositive();
	}

	/**
	 * Waits for the cluster, writes the entries, force-deletes zone-a's pods at once, and
	 * counts the entries the survivors no longer have.
	 */
	private static int loseZoneA(String partitionGroup) {
		List<KubePod> pods = awaitCluster(partitionGroup);
		Map<String, Long> perZone = pods.stream()
			.collect(Collectors.groupingBy(KubePod::zone, TreeMap::new, Collectors.counting()));
		System.out.printf("ZoneLossIT %s: pods per zone %s, on nodes %s%n", partitionGroup, perZone,
				pods.stream().map(KubePod::node).collect(Collectors.toCollection(java.util.TreeSet::new)));
		assertThat(perZone).as("topologySpreadConstraints put 2 pods in each zone")
			.isEqualTo(Map.of("zone-a", 2L, "zone-b", 2L, "zone-c", 2L));

		List<String> keys = new ArrayList<>();
		for (int i = 0; i < ENTRIES; i++) {
			keys.add("zone-loss-" + i);
		}
		Map<String, Integer> failedPuts = send(pods, keys, "PUT");
		assertThat(failedPuts).as("PUTs not answered 204").isEmpty();

		List<KubePod> zoneA = pods.stream().filter((pod) -> pod.zone().equals("zone-a")).toList();
		List<KubePod> survivors = pods.stream().filter((pod) -> !pod.zone().equals("zone-a")).toList();
		List<String> killed = new ArrayList<>(List.of("delete", "pod", "--force", "--grace-period=0", "--wait=false"));
		zoneA.forEach((pod) -> killed.add(pod.name()));
		long start = System.nanoTime();
		bed.kubectl(killed.toArray(String[]::new));
		Set<String> goneAddresses = zoneA.stream().map((pod) -> pod.ip() + ":5701").collect(Collectors.toSet());
		// The survivors have dropped zone-a's members (and promoted their backups).
		await().atMost(BOUND).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
			for (KubePod survivor : survivors) {
				List<String> addresses = new ArrayList<>();
				cluster(survivor).get("members").forEach((member) -> addresses.add(member.get("address").asString()));
				assertThat(addresses).as(survivor.name()).doesNotContainAnyElementsOf(goneAddresses);
			}
		});
		Timing.report("zone-loss-" + partitionGroup, "zone-a-dropped", Timing.since(start));
		Map<String, Integer> missing = send(survivors, keys, "GET");
		assertThat(missing.values()).as("GETs answered neither 200 nor 404").allMatch((status) -> status == 404);
		System.out.printf("ZoneLossIT %s: %d of %d entries lost with zone-a (%d pods force-deleted at once)%n",
				partitionGroup, missing.size(), ENTRIES, zoneA.size());
		return missing.size();
	}

	/**
	 * Waits until the 6 pods run, each lists 6 members, and each member shows the zone of
	 * its pod's label.
	 */
	private static List<KubePod> awaitCluster(String partitionGroup) {
		try {
			return await().atMost(BOUND).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
				List<KubePod> pods = pods();
				assertThat(pods).hasSize(PODS).allSatisfy((pod) -> assertThat(pod.ip()).isNotEmpty());
				Map<String, String> zoneByAddress = pods.stream()
					.collect(Collectors.toMap((pod) -> pod.ip() + ":5701", KubePod::zone));
				for (KubePod pod : pods) {
					JsonNode cluster = cluster(pod);
					assertThat(cluster.get("size").asInt()).as(pod.name()).isEqualTo(PODS);
					cluster.get("members").forEach((member) -> {
						assertThat(member.get("zone").asString())
							.isEqualTo(zoneByAddress.get(member.get("address").asString()));
						assertThat(member.get("partitionGroup").asString())
							.isEqualTo(partitionGroup.equals("none") ? "none" : "zone");
					});
				}
				return pods;
			}, (pods) -> pods != null);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + bed.podReport(), ex);
		}
	}

	/**
	 * Sends one request per key, round robin over the pods, 16 at a time, retrying what
	 * fails to connect; returns the keys answered with something other than 2xx, and the
	 * status.
	 */
	private static Map<String, Integer> send(List<KubePod> pods, List<String> keys, String method) {
		Map<String, Integer> answers = new ConcurrentHashMap<>();
		Semaphore inFlight = new Semaphore(16);
		List<CompletableFuture<?>> all = new ArrayList<>();
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			KubePod pod = pods.get(i % pods.size());
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

	private static CompletableFuture<Integer> request(KubePod pod, String key, String method, int attempts) {
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

	private static JsonNode cluster(KubePod pod) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest
			.newBuilder(URI.create("http://" + pod.ip() + ":" + SampleApp.HTTP_PORT + "/actuator/cluster"))
			.timeout(Duration.ofSeconds(5))
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return SampleApp.JSON.readTree(response.body());
	}

	/** The sample's pods, without those terminating, with their zone label and node. */
	private static List<KubePod> pods() {
		String table = bed.kubectl("get", "pods", "-l", SELECTOR, "-o",
				"jsonpath={range .items[*]}{.metadata.name} {.status.podIP} {.metadata.deletionTimestamp}"
						+ " {.metadata.labels.topology\\.kubernetes\\.io/zone} {.spec.nodeName}{\"\\n\"}{end}");
		return table.lines()
			.map((line) -> line.split(" ", -1))
			.filter((fields) -> fields.length == 5 && fields[2].isEmpty())
			.map((fields) -> new KubePod(fields[0], fields[1], fields[3], fields[4]))
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
	record KubePod(String name, String ip, String zone, String node) {

	}

}
