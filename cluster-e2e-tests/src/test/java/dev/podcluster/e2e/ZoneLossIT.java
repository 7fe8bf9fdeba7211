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
import org.jspecify.annotations.Nullable;
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
 * Then all 3 Nodes are relabelled into zone-a: with {@code node} the 6 pods sit 2 per
 * Node, and losing both pods of node-a loses nothing; with {@code auto} the cluster
 * health warns that backups cannot leave the one zone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZoneLossIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final Duration BOUND = Duration.ofMinutes(5);

	private static final String SELECTOR = "app.kubernetes.io/name=sample-app";

	private static final String ZONE_LABEL = "topology.kubernetes.io/zone";

	private static final int PODS = 6;

	private static final int ENTRIES = 10_000;

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	@Order(1)
	void zoneAwareBackupsSurviveLosingAZone() {
		bed.kubectl("apply", "-k", "sample-app/k8s/overlays/statefulset");
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=" + PODS);
		List<KubePod> pods = awaitCluster("auto", PODS, "zone");
		int lost = loseA(pods, "auto", "zone");
		assertThat(lost).as("entries lost with zone-a, partition-group auto").isZero();
	}

	@Test
	@Order(2)
	void withoutPartitionGroupsLosingAZoneLosesEntries() {
		// The group type changes: old and new members would refuse each other, so all
		// restart together.
		removeAllPods();
		setPartitionGroup("none");
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=" + PODS);
		List<KubePod> pods = awaitCluster("none", PODS, "none");
		int lost = loseA(pods, "none", "zone");
		// Without groups Hazelcast ignores zones: some partitions had both replicas
		// in zone-a.
		assertThat(lost).as("entries lost with zone-a, partition-group none").isPositive();
	}

	@Test
	@Order(3)
	void nodeAwareBackupsSurviveLosingANodeInOneZone() {
		removeAllPods();
		// PodTopologyLabels copies the Node's zone onto a Pod when it is bound: relabel
		// while no pod is.
		bed.kubectl("label", "nodes", "--all", ZONE_LABEL + "=zone-a", "--overwrite");
		setPartitionGroup("node");
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=" + PODS);
		List<KubePod> pods = awaitCluster("node", PODS, "node");
		assertThat(count(pods, KubePod::zone)).as("pods per zone").isEqualTo(Map.of("zone-a", (long) PODS));
		int lost = loseA(pods, "node", "node");
		assertThat(lost).as("entries lost with node-a, partition-group node").isZero();
	}

	@Test
	@Order(4)
	void oneZoneIsReportedByTheClusterHealth() throws Exception {
		// The Nodes are still all in zone-a; back to the default, auto, which groups by
		// zone when the pod knows it.
		removeAllPods();
		setPartitionGroup(null);
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=2");
		List<KubePod> pods = awaitCluster("auto-one-zone", 2, "zone");
		for (KubePod pod : pods) {
			JsonNode health = get(pod, "/actuator/health/cluster");
			assertThat(health.get("status").asString()).as(pod.name()).isEqualTo("UP");
			assertThat(health.get("details").get("zones").toString()).as(pod.name()).isEqualTo("{\"zone-a\":2}");
			assertThat(health.get("details").get("zoneWarning").asString()).as(pod.name())
				.startsWith("all 2 members are in zone zone-a, so no backup is kept outside its primary's zone");
		}
	}

	/**
	 * Scales the StatefulSet to 0 and force-deletes its pods: until every pod is gone,
	 * one of another partition group type still in DNS would refuse the new ones.
	 */
	private static void removeAllPods() {
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=0");
		bed.kubectl("delete", "pod", "-l", SELECTOR, "--force", "--grace-period=0", "--wait=false");
		await().atMost(BOUND)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(bed.kubectl("get", "pods", "-l", SELECTOR, "-o", "name")).isBlank());
	}

	/**
	 * Sets {@code cluster.hazelcast.partition-group} in the ConfigMap, or removes it for
	 * the default.
	 */
	private static void setPartitionGroup(@Nullable String partitionGroup) {
		String value = (partitionGroup != null) ? "\"" + partitionGroup + "\"" : "null";
		bed.kubectl("patch", "configmap", "sample-app-config", "--type", "merge", "-p",
				"{\"data\":{\"CLUSTER_HAZELCAST_PARTITIONGROUP\":" + value + "}}");
	}

	private static Map<String, Long> count(List<KubePod> pods, Function<KubePod, String> place) {
		return pods.stream().collect(Collectors.groupingBy(place, TreeMap::new, Collectors.counting()));
	}

	/**
	 * Checks that the pods sit 2 in each zone (or node) a, b and c, writes the entries,
	 * force-deletes the pods of zone-a (or node-a) at once, and counts the entries the
	 * survivors no longer have.
	 * @param pods the cluster's pods
	 * @param scenario names the printed figures
	 * @param by {@code zone} or {@code node}
	 * @return the number of entries lost
	 */
	private static int loseA(List<KubePod> pods, String scenario, String by) {
		Function<KubePod, String> place = by.equals("zone") ? KubePod::zone : KubePod::node;
		assertThat(count(pods, place)).as("topologySpreadConstraints put 2 pods in each " + by)
			.isEqualTo(Map.of(by + "-a", 2L, by + "-b", 2L, by + "-c", 2L));
		String lostPlace = by + "-a";
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < ENTRIES; i++) {
			keys.add("zone-loss-" + i);
		}
		Map<String, Integer> failedPuts = send(pods, keys, "PUT");
		assertThat(failedPuts).as("PUTs not answered 204").isEmpty();

		List<KubePod> lost = pods.stream().filter((pod) -> place.apply(pod).equals(lostPlace)).toList();
		List<KubePod> survivors = pods.stream().filter((pod) -> !place.apply(pod).equals(lostPlace)).toList();
		List<String> killed = new ArrayList<>(List.of("delete", "pod", "--force", "--grace-period=0", "--wait=false"));
		lost.forEach((pod) -> killed.add(pod.name()));
		long start = System.nanoTime();
		bed.kubectl(killed.toArray(String[]::new));
		Set<String> goneAddresses = lost.stream().map((pod) -> pod.ip() + ":5701").collect(Collectors.toSet());
		// The survivors have dropped the lost members (and promoted their backups).
		await().atMost(BOUND).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
			for (KubePod survivor : survivors) {
				List<String> addresses = new ArrayList<>();
				get(survivor, "/actuator/cluster").get("members")
					.forEach((member) -> addresses.add(member.get("address").asString()));
				assertThat(addresses).as(survivor.name()).doesNotContainAnyElementsOf(goneAddresses);
			}
		});
		Timing.report("zone-loss-" + scenario, lostPlace + "-dropped", Timing.since(start));
		Map<String, Integer> missing = send(survivors, keys, "GET");
		assertThat(missing.values()).as("GETs answered neither 200 nor 404").allMatch((status) -> status == 404);
		System.out.printf("ZoneLossIT %s: %d of %d entries lost with %s (%d pods force-deleted at once)%n", scenario,
				missing.size(), ENTRIES, lostPlace, lost.size());
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
	private static List<KubePod> awaitCluster(String scenario, int size, String groupedBy) {
		long start = System.nanoTime();
		List<KubePod> cluster;
		try {
			cluster = await().atMost(BOUND).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
				List<KubePod> pods = pods();
				assertThat(pods).hasSize(size).allSatisfy((pod) -> assertThat(pod.ip()).isNotEmpty());
				Map<String, KubePod> byAddress = pods.stream()
					.collect(Collectors.toMap((pod) -> pod.ip() + ":5701", Function.identity()));
				for (KubePod pod : pods) {
					JsonNode descriptor = get(pod, "/actuator/cluster");
					assertThat(descriptor.get("size").asInt()).as(pod.name()).isEqualTo(size);
					descriptor.get("members").forEach((member) -> {
						KubePod memberPod = byAddress.get(member.get("address").asString());
						assertThat(member.get("zone").asString()).isEqualTo(memberPod.zone());
						assertThat(member.get("node").asString()).isEqualTo(memberPod.node());
						assertThat(member.get("partitionGroup").asString()).isEqualTo(groupedBy);
					});
				}
				return pods;
			}, (pods) -> pods != null);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + bed.podReport(), ex);
		}
		Timing.report("zone-loss-" + scenario, "cluster-formed", Timing.since(start));
		System.out.printf("ZoneLossIT %s: pods per zone %s, per node %s%n", scenario, count(cluster, KubePod::zone),
				count(cluster, KubePod::node));
		return cluster;
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

	private static JsonNode get(KubePod pod, String path) throws Exception {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://" + pod.ip() + ":" + SampleApp.port(path) + path))
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
