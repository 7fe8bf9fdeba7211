package dev.podcluster.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Four members in two zones, two per zone, with the default partition group
 * ({@code auto}) and each told its zone and node as a pod is: every backup is kept in the
 * other zone than its primary, so losing a whole zone at once loses no entry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZoneAwareBackupsTests {

	private static final List<String> NAMES = List.of("a-0", "a-1", "b-0", "b-1");

	private static final int ENTRIES = 10_000;

	private static ZonedCluster cluster;

	@BeforeAll
	static void startCluster() throws Exception {
		cluster = new ZonedCluster("zoned", NAMES);
		for (int i = 0; i < NAMES.size(); i++) {
			String name = NAMES.get(i);
			cluster.start(name, "zone-" + name.charAt(0), "node-" + i, "auto");
		}
		HazelcastInstance first = cluster.hazelcast("a-0");
		await().atMost(Duration.ofSeconds(60)).until(() -> first.getCluster().getMembers().size() == NAMES.size());
		IMap<Integer, String> entries = first.getMap("entries");
		entries.putAll(IntStream.range(0, ENTRIES)
			.boxed()
			.collect(java.util.stream.Collectors.toMap((i) -> i, (i) -> "value-" + i)));
		await().atMost(Duration.ofSeconds(60)).until(() -> first.getPartitionService().isClusterSafe());
	}

	@AfterAll
	static void stopCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	@Order(1)
	void everyBackupIsInTheOtherZoneThanItsPrimary() {
		List<List<String>> replicaZones = cluster.primaryAndBackupZones("b-1");
		assertThat(replicaZones).hasSize(271).allSatisfy((zones) -> {
			assertThat(zones).doesNotContain("null");
			assertThat(zones.get(1)).isNotEqualTo(zones.get(0));
		});
	}

	@Test
	@Order(2)
	void clusterEndpointShowsEveryMembersZoneAndNode() throws Exception {
		JsonNode descriptor = cluster.get("a-1", "/actuator/cluster");
		Map<String, String> zones = new java.util.TreeMap<>();
		List<String> nodes = new ArrayList<>();
		descriptor.get("members").forEach((member) -> {
			zones.put(member.get("name").asString(), member.get("zone").asString());
			nodes.add(member.get("node").asString());
			assertThat(member.get("partitionGroup").asString()).isEqualTo("zone");
		});
		assertThat(zones).containsExactly(Map.entry("a-0", "zone-a"), Map.entry("a-1", "zone-a"),
				Map.entry("b-0", "zone-b"), Map.entry("b-1", "zone-b"));
		assertThat(nodes).containsExactlyInAnyOrder("node-0", "node-1", "node-2", "node-3");
		assertThat(descriptor.get("zones").get("zone-a").asInt()).isEqualTo(2);
		assertThat(descriptor.get("zoneWarning").isNull()).isTrue();
	}

	@Test
	@Order(3)
	void healthShowsTheZonesWithoutAWarning() throws Exception {
		JsonNode health = cluster.get("b-0", "/actuator/health");
		assertThat(health.get("status").asString()).isEqualTo("UP");
		JsonNode details = health.get("components").get("cluster").get("details");
		assertThat(details.get("zones").get("zone-a").asInt()).isEqualTo(2);
		assertThat(details.get("zones").get("zone-b").asInt()).isEqualTo(2);
		assertThat(details.has("zoneWarning")).isFalse();
	}

	@Test
	@Order(4)
	void losingAWholeZoneAtOnceLosesNoEntry() {
		cluster.killAtOnce(List.of("a-0", "a-1"));
		HazelcastInstance survivor = cluster.hazelcast("b-0");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> survivor.getCluster().getMembers().size() == 2
					&& survivor.getPartitionService().isClusterSafe());
		int left = survivor.getMap("entries").size();
		System.out.printf("partition-group auto (by zone): %d of %d entries lost with zone-a%n", ENTRIES - left,
				ENTRIES);
		assertThat(left).isEqualTo(ENTRIES);
	}

}
