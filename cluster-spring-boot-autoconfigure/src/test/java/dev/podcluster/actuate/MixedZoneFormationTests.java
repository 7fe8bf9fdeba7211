package dev.podcluster.actuate;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Members that know different things: two in one zone, then one whose zone label is
 * missing. Hazelcast's ZONE_AWARE group fails every partition assignment when a member
 * lacks the zone attribute, and refuses a joiner with another group type: the starter
 * keeps the type and gives the member without a zone a group named after its node, so it
 * joins and the data stays usable, and the health says what is wrong.
 */
class MixedZoneFormationTests {

	@Test
	void aMemberWithoutAZoneJoinsAndIsReported() throws Exception {
		try (ZonedCluster cluster = new ZonedCluster("mixed", List.of("a-0", "a-1", "x-0"))) {
			cluster.start("a-0", "zone-a", "node-0", "zone");
			cluster.start("a-1", "zone-a", "node-1", "zone");
			HazelcastInstance first = cluster.hazelcast("a-0");
			await().atMost(Duration.ofSeconds(60)).until(() -> first.getCluster().getMembers().size() == 2);
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				JsonNode health = cluster.get("a-0", "/actuator/health");
				assertThat(health.get("status").asString()).isEqualTo("UP");
				assertThat(health.get("components").get("cluster").get("details").get("zoneWarning").asString())
					.contains("all 2 members are in zone zone-a");
			});

			cluster.start("x-0", null, "node-2", "zone");
			await().atMost(Duration.ofSeconds(60)).until(() -> first.getCluster().getMembers().size() == 3);
			IMap<Integer, String> entries = cluster.hazelcast("x-0").getMap("entries");
			entries.putAll(IntStream.range(0, 1000).boxed().collect(Collectors.toMap((i) -> i, (i) -> "value-" + i)));
			await().atMost(Duration.ofSeconds(60)).until(() -> first.getPartitionService().isClusterSafe());
			assertThat(first.<Integer, String>getMap("entries").getAll(entries.keySet())).hasSize(1000);
			// x-0 is a group of its own: its partitions keep their backup in zone-a.
			assertThat(cluster.primaryAndBackupZones("a-1")).filteredOn((zones) -> zones.contains("null"))
				.allSatisfy((zones) -> assertThat(zones).containsOnlyOnce("null"));

			JsonNode member = cluster.get("a-1", "/actuator/cluster/members/x-0");
			assertThat(member.get("zone").isNull()).isTrue();
			assertThat(member.get("node").asString()).isEqualTo("node-2");
			assertThat(member.get("partitionGroup").asString()).isEqualTo("node");
			JsonNode health = cluster.get("a-1", "/actuator/health");
			assertThat(health.get("status").asString()).isEqualTo("UP");
			assertThat(health.get("components").get("cluster").get("details").get("zoneWarning").asString())
				.contains("members without a zone (x-0)");
		}
	}

}
