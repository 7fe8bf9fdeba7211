package dev.podcluster.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rollout seen from inside the cluster: members of two workload revisions, each told
 * its revision the way a pod is (the downward-API variables of its revision label). Every
 * member lists each one's revision, and the {@code cluster.revisions} metric counts two
 * until the old member has left.
 */
class MixedRevisionsTests {

	@Test
	void everyMemberShowsEachOnesRevisionAndCountsThemUntilTheRolloutEnds() throws Exception {
		try (ZonedCluster cluster = new ZonedCluster("revisions", List.of("app-old", "app-new"))) {
			// A Deployment's pod: its controller writes pod-template-hash, not
			// controller-revision-hash, whose variable is empty.
			cluster.start("app-old", null, "node-0", "none",
					Map.of("CONTROLLER_REVISION_HASH", "", "POD_TEMPLATE_HASH", "5c8d7f9b4"));
			cluster.start("app-new", null, "node-1", "none",
					Map.of("CONTROLLER_REVISION_HASH", "", "POD_TEMPLATE_HASH", "7f6b9c4d2"));
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				for (String name : List.of("app-old", "app-new")) {
					JsonNode view = cluster.get(name, "/actuator/cluster");
					assertThat(view.get("size").asInt()).as(name).isEqualTo(2);
					assertThat(revisionOf(view, "app-old")).as(name).isEqualTo("5c8d7f9b4");
					assertThat(revisionOf(view, "app-new")).as(name).isEqualTo("7f6b9c4d2");
					assertThat(view.get("revisions").properties()).as(name)
						.extracting(Map.Entry::getKey)
						.containsExactly("5c8d7f9b4", "7f6b9c4d2");
					assertThat(revisions(cluster, name)).as(name).isEqualTo(2.0);
				}
			});
			cluster.stop("app-old");
			await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
				JsonNode view = cluster.get("app-new", "/actuator/cluster");
				assertThat(view.get("size").asInt()).isEqualTo(1);
				assertThat(view.get("revisions").get("7f6b9c4d2").asInt()).isEqualTo(1);
				assertThat(revisions(cluster, "app-new")).isEqualTo(1.0);
			});
		}
	}

	private static String revisionOf(JsonNode view, String name) {
		for (JsonNode member : view.get("members")) {
			if (name.equals(member.get("name").asString())) {
				return member.get("revision").asString();
			}
		}
		throw new AssertionError(name + " is not a member: " + view);
	}

	private static double revisions(ZonedCluster cluster, String name) throws Exception {
		JsonNode metric = cluster.get(name, "/actuator/metrics/cluster.revisions");
		return metric.get("measurements").get(0).get("value").asDouble();
	}

}
