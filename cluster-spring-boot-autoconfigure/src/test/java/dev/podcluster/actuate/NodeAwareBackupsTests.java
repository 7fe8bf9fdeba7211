package dev.podcluster.actuate;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.hazelcast.MemberAttributes;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Four members on two Kubernetes nodes, two per node: grouped by node, every backup is on
 * the other node than its primary, and losing a node at once loses no entry. Once with
 * {@code node} in a single zone, once with {@code auto} and no zone at all (a pod whose
 * Node has no zone label, as before Kubernetes 1.35).
 */
class NodeAwareBackupsTests {

	private static final List<String> NAMES = List.of("n0-a", "n0-b", "n1-a", "n1-b");

	private static final int ENTRIES = 10_000;

	@Test
	void nodeInOneZoneKeepsEveryBackupOnTheOtherNode() throws Exception {
		losingANodeLosesNothing("node", "zone-a");
	}

	@Test
	void autoWithoutAZoneGroupsByNode() throws Exception {
		losingANodeLosesNothing("auto", null);
	}

	private static void losingANodeLosesNothing(String partitionGroup, @Nullable String zone) throws Exception {
		try (ZonedCluster cluster = new ZonedCluster("nodes-" + partitionGroup, NAMES)) {
			for (String name : NAMES) {
				cluster.start(name, zone, "node-" + name.charAt(1), partitionGroup);
			}
			HazelcastInstance first = cluster.hazelcast("n0-a");
			await().atMost(Duration.ofSeconds(60)).until(() -> first.getCluster().getMembers().size() == NAMES.size());
			first.getMap("entries")
				.putAll(IntStream.range(0, ENTRIES).boxed().collect(Collectors.toMap((i) -> i, (i) -> "value-" + i)));
			await().atMost(Duration.ofSeconds(60)).until(() -> first.getPartitionService().isClusterSafe());
			assertThat(cluster.primaryAndBackup("n1-b", MemberAttributes.NODE)).hasSize(271).allSatisfy((nodes) -> {
				assertThat(nodes).doesNotContain("null");
				assertThat(nodes.get(1)).isNotEqualTo(nodes.get(0));
			});
			assertThat(cluster.get("n1-a", "/actuator/cluster/members/n0-b").get("partitionGroup").asString())
				.isEqualTo("node");

			cluster.killAtOnce(List.of("n0-a", "n0-b"));
			HazelcastInstance survivor = cluster.hazelcast("n1-a");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> survivor.getCluster().getMembers().size() == 2
						&& survivor.getPartitionService().isClusterSafe());
			assertThat(survivor.getMap("entries").size()).isEqualTo(ENTRIES);
		}
	}

}
