package dev.podcluster.actuate;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same four members in two zones with {@code cluster.hazelcast.partition-group=none}:
 * Hazelcast places backups on any other member, so losing a zone at once loses every
 * partition whose primary and backup both sat in it. Prints how many entries go.
 */
class ZoneLossWithoutPartitionGroupsTests {

	private static final List<String> NAMES = List.of("a-0", "a-1", "b-0", "b-1");

	private static final int ENTRIES = 10_000;

	@Test
	void losingAWholeZoneLosesThePartitionsKeptOnlyThere() throws Exception {
		try (ZonedCluster cluster = new ZonedCluster("ungrouped", NAMES)) {
			for (int i = 0; i < NAMES.size(); i++) {
				String name = NAMES.get(i);
				cluster.start(name, "zone-" + name.charAt(0), "node-" + i, "none");
			}
			HazelcastInstance first = cluster.hazelcast("a-0");
			await().atMost(Duration.ofSeconds(60)).until(() -> first.getCluster().getMembers().size() == NAMES.size());
			first.getMap("entries")
				.putAll(IntStream.range(0, ENTRIES).boxed().collect(Collectors.toMap((i) -> i, (i) -> "value-" + i)));
			await().atMost(Duration.ofSeconds(60)).until(() -> first.getPartitionService().isClusterSafe());
			List<List<String>> replicaZones = cluster.primaryAndBackupZones("b-0");
			List<Integer> onlyInZoneA = IntStream.range(0, replicaZones.size())
				.filter((id) -> replicaZones.get(id).equals(List.of("zone-a", "zone-a")))
				.boxed()
				.toList();
			long keptOnlyInZoneA = IntStream.range(0, ENTRIES)
				.filter((key) -> onlyInZoneA.contains(first.getPartitionService().getPartition(key).getPartitionId()))
				.count();
			cluster.killAtOnce(List.of("a-0", "a-1"));
			HazelcastInstance survivor = cluster.hazelcast("b-0");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> survivor.getCluster().getMembers().size() == 2
						&& survivor.getPartitionService().isClusterSafe());
			int lost = ENTRIES - survivor.getMap("entries").size();
			System.out.printf("partition-group none: %d of %d partitions had primary and backup in zone-a; %d of %d"
					+ " entries lost with zone-a%n", onlyInZoneA.size(), replicaZones.size(), lost, ENTRIES);
			// Exactly the entries whose partition zone-a held twice are gone.
			assertThat(lost).isEqualTo(keptOnlyInZoneA);
		}
	}

}
