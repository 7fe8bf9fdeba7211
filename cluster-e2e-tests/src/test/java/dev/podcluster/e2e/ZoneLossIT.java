package dev.podcluster.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.podcluster.e2e.ZoneLoss.ZonedPod;
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

	private static final String SELECTOR = ZoneLoss.SELECTOR;

	private static final String ZONE_LABEL = "topology.kubernetes.io/zone";

	private static final int PODS = 6;

	private static final ZoneLoss zoneLoss = new ZoneLoss(bed, 10_000);

	@Test
	@Order(1)
	void zoneAwareBackupsSurviveLosingAZone() {
		bed.kubectl("apply", "-k", "sample-app/k8s/overlays/statefulset");
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=" + PODS);
		List<ZonedPod> pods = zoneLoss.awaitCluster("auto", PODS, "zone");
		int lost = zoneLoss.loseA(pods, "auto", "zone");
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
		List<ZonedPod> pods = zoneLoss.awaitCluster("none", PODS, "none");
		int lost = zoneLoss.loseA(pods, "none", "zone");
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
		List<ZonedPod> pods = zoneLoss.awaitCluster("node", PODS, "node");
		assertThat(ZoneLoss.count(pods, ZonedPod::zone)).as("pods per zone").isEqualTo(Map.of("zone-a", (long) PODS));
		int lost = zoneLoss.loseA(pods, "node", "node");
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
		List<ZonedPod> pods = zoneLoss.awaitCluster("auto-one-zone", 2, "zone");
		for (ZonedPod pod : pods) {
			JsonNode health = ZoneLoss.get(pod, "/actuator/health/cluster");
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

}
