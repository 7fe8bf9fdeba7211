package dev.podcluster.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How often the oldest member (the master, where a cluster singleton runs) moves while a
 * Deployment of the sample in kubernetes-api mode is scaled down one pod at a time, 5 to
 * 4 to 3 to 2 to 1, without and with
 * {@code cluster.kubernetes.pod-deletion-cost.enabled}:
 * {@code e2e.pod-deletion-cost.rounds} rounds (3) each, every round from five pods
 * started together. A benchmark, not in the default run (its name is not an IT's): run it
 * with {@code -Dit.test=PodDeletionCostScaleDownBenchmark}. It prints one
 * {@code POD-DELETION-COST} line per step and a summary per setting, and asserts that
 * with the costs the oldest member never moved.
 */
class PodDeletionCostScaleDownBenchmark {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final Duration BOUND = Duration.ofMinutes(3);

	private static final int REPLICAS = 5;

	@Test
	void scaledDownOnePodAtATimeTheOldestMemberStaysOnlyWithTheCosts() {
		int rounds = Integer.getInteger("e2e.pod-deletion-cost.rounds", 3);
		if (rounds < 1) {
			throw new IllegalArgumentException("e2e.pod-deletion-cost.rounds must be 1 or more, not " + rounds);
		}
		int movedWithout = run("cost-off", false, rounds);
		int movedWith = run("cost-on", true, rounds);
		int steps = rounds * (REPLICAS - 1);
		System.out.printf("POD-DELETION-COST-SUMMARY annotated=false rounds=%d steps=%d oldest-moved=%d%n", rounds,
				steps, movedWithout);
		System.out.printf("POD-DELETION-COST-SUMMARY annotated=true rounds=%d steps=%d oldest-moved=%d%n", rounds,
				steps, movedWith);
		assertThat(movedWith).as("scale-down steps that moved the oldest member, with the costs").isZero();
	}

	/**
	 * The rounds of one setting, in a namespace of its own: the steps that moved the
	 * oldest member.
	 */
	private static int run(String namespace, boolean annotated, int rounds) {
		KubeSample sample = new KubeSample(bed, namespace, KubeSample.SELECTOR);
		PodDeletionCostIT.apply(bed, namespace, annotated, 0);
		int moved = 0;
		for (int round = 1; round <= rounds; round++) {
			long start = System.nanoTime();
			sample.kubectl("scale", "deployment", "sample-app", "--replicas=" + REPLICAS);
			sample.awaitOneCluster(REPLICAS, BOUND);
			sample.kubectl("wait", "--for=condition=Ready", "pod", "-l", KubeSample.SELECTOR, "--timeout=180s");
			List<KubePod> byAge = PodDeletionCostIT.byAge(sample.pods());
			if (annotated) {
				// The steady state the costs are for: the three oldest members' pods
				// carry them.
				await("round " + round + ": the three oldest members' pods annotated").atMost(Duration.ofMinutes(1))
					.pollInterval(Duration.ofMillis(500))
					.untilAsserted(() -> assertThat(PodDeletionCostIT.costs(bed, sample))
						.containsEntry(byAge.get(0).name(), "10000")
						.containsEntry(byAge.get(1).name(), "9900")
						.containsEntry(byAge.get(2).name(), "9800"));
			}
			Timing.report("kube-pod-deletion-cost-" + namespace, "round-" + round + "-formation-5",
					Timing.since(start));
			String oldest = byAge.get(0).name();
			Set<String> before = names(sample.pods());
			for (int replicas = REPLICAS - 1; replicas >= 1; replicas--) {
				start = System.nanoTime();
				sample.kubectl("scale", "deployment", "sample-app", "--replicas=" + replicas);
				Map<KubePod, ClusterView> views = sample.awaitOneCluster(replicas, BOUND);
				Timing.report("kube-pod-deletion-cost-" + namespace, "round-" + round + "-scale-to-" + replicas,
						Timing.since(start));
				List<KubePod> left = List.copyOf(views.keySet());
				String now = KubeSample.oldest(left).name();
				List<String> removed = new ArrayList<>(before);
				removed.removeAll(names(left));
				boolean step = !now.equals(oldest);
				moved += step ? 1 : 0;
				System.out.printf(
						"POD-DELETION-COST annotated=%s round=%d step=%d->%d removed=%s oldest-before=%s"
								+ " oldest-after=%s moved=%s%n",
						annotated, round, replicas + 1, replicas, removed, oldest, now, step);
				oldest = now;
				before = names(left);
			}
			sample.kubectl("scale", "deployment", "sample-app", "--replicas=0");
			await("round " + round + ": every pod gone").atMost(BOUND)
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> assertThat(sample.allPods()).isEmpty());
		}
		return moved;
	}

	private static Set<String> names(List<KubePod> pods) {
		return pods.stream().map(KubePod::name).collect(Collectors.toSet());
	}

}
