package dev.podcluster.sample;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster singleton: its job runs on exactly one member, the oldest, and moves to the
 * next oldest when that one leaves.
 */
class ClusterSingletonTests {

	@RegisterExtension
	static final SampleCluster cluster = new SampleCluster(3);

	@Test
	void runsOnTheOldestMemberOnlyAndMovesWhenItLeaves() {
		long runsOnNode1 = awaitRunningOnlyOn("node-1", 0);

		cluster.member(1).close();

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(cluster.running())
				.allSatisfy((member) -> assertThat(member.memberNames()).doesNotContain("node-1")));
		awaitRunningOnlyOn("node-2", runsOnNode1);
	}

	/**
	 * Waits until only {@code name} says the job runs there, every member sees it ran
	 * there last, and it ran twice more than {@code runsBefore}.
	 * @return the runs then
	 */
	private static long awaitRunningOnlyOn(String name, long runsBefore) {
		AtomicLong runs = new AtomicLong();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			Map<String, JsonNode> statuses = new LinkedHashMap<>();
			cluster.running().forEach((member) -> statuses.put(member.name(), member.get("singleton")));
			assertThat(statuses).as("GET /singleton on each member").allSatisfy((member, status) -> {
				assertThat(status.get("runningHere").asBoolean()).as(member).isEqualTo(member.equals(name));
				assertThat(status.get("lastRunBy").asString()).as(member).isEqualTo(name);
				assertThat(status.get("runs").asLong()).as(member).isGreaterThanOrEqualTo(runsBefore + 2);
			});
			runs.set(statuses.values().iterator().next().get("runs").asLong());
		});
		return runs.get();
	}

}
