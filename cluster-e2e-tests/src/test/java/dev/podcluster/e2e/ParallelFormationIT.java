package dev.podcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.podcluster.testsupport.pod.Pod;
import dev.podcluster.testsupport.pod.StatefulSet;
import dev.podcluster.testsupport.pod.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cold starts of a whole StatefulSet at once, over and over: every round makes exactly
 * one cluster, never two that merge later. A round's pods are watched from their start; a
 * split shows as two members that each call themselves, or another, the oldest. Rounds:
 * {@code -De2e.formation.rounds=N} (default 3 with 3 pods, 2 with 5).
 */
class ParallelFormationIT {

	@RegisterExtension
	static final TestBed bed = new TestBed();

	static final Duration BOUND = Duration.ofSeconds(180);

	static final Map<String, String> ENVIRONMENT = Map.of("CLUSTER_KUBERNETES_SERVICENAME", "sample-app-cluster");

	@Test
	void threePodsStartedTogetherAlwaysFormOneCluster() {
		assertEveryRoundFormsOneCluster(3, rounds(3));
	}

	@Test
	void fivePodsStartedTogetherAlwaysFormOneCluster() {
		assertEveryRoundFormsOneCluster(5, rounds(2));
	}

	private static void assertEveryRoundFormsOneCluster(int replicas, int rounds) {
		String scenario = "parallel-formation-" + replicas;
		List<Duration> formations = new ArrayList<>();
		Map<Integer, String> splits = new LinkedHashMap<>();
		for (int round = 1; round <= rounds; round++) {
			StatefulSet statefulSet = bed.statefulSet("sample-app", "sample-app-cluster",
					"cold" + replicas + "-" + round, SampleApp.pod(ENVIRONMENT));
			List<Pod> pods = statefulSet.scaleTo(replicas);
			Set<String> oldest = new TreeSet<>();
			await("round " + round + ": one cluster of " + replicas).atMost(BOUND)
				.pollDelay(Duration.ZERO)
				.pollInterval(Convergence.POLL_INTERVAL)
				.untilAsserted(() -> {
					for (Pod pod : pods) {
						oldestSeenBy(pod, oldest);
					}
					Convergence.assertOneCluster(pods);
				});
			Duration formed = Timing.since(Convergence.firstStart(pods));
			formations.add(formed);
			Timing.report(scenario, "formation-round-" + round, formed);
			if (oldest.size() > 1) {
				splits.put(round, "oldest members seen " + oldest + ", logs " + pods.stream().map(Pod::log).toList());
				System.out.println("[e2e] " + scenario + " round " + round + " split: " + splits.get(round));
			}
			statefulSet.deleteAllNow();
		}
		List<Duration> sorted = formations.stream().sorted(Comparator.naturalOrder()).toList();
		int middle = sorted.size() / 2;
		Duration median = (sorted.size() % 2 == 1) ? sorted.get(middle)
				: sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
		Timing.report(scenario, "formation-median", median);
		Timing.report(scenario, "formation-max", sorted.get(sorted.size() - 1));
		System.out.printf("E2E-FORMATION scenario=%s rounds=%d splits=%d%n", scenario, rounds, splits.size());
		assertThat(splits).as("rounds of %d pods started together that made more than one cluster", replicas).isEmpty();
	}

	/**
	 * Notes the oldest member in the pod's view, if it answers yet: in one cluster,
	 * everybody names the same one.
	 */
	private static void oldestSeenBy(Pod pod, Set<String> oldest) {
		ClusterView view;
		try {
			view = ClusterView.of(pod);
		}
		catch (RuntimeException ex) {
			return;
		}
		view.members()
			.stream()
			.filter(ClusterView.Member::oldest)
			.map(ClusterView.Member::address)
			.forEach(oldest::add);
	}

	private static int rounds(int byDefault) {
		int rounds = Integer.getInteger("e2e.formation.rounds", byDefault);
		if (rounds < 1) {
			throw new IllegalArgumentException("e2e.formation.rounds must be 1 or more, not " + rounds);
		}
		return rounds;
	}

}
