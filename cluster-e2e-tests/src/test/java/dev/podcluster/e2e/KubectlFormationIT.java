package dev.podcluster.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cold starts on the real control plane: the StatefulSet overlay
 * ({@code podManagementPolicy: Parallel}) scaled from 0 to 3 pods and from 0 to 5 pods,
 * every round from no pod at all, and three pods given a hard-coded member list of their
 * FQDNs instead of the SRV lookup. Every round must make exactly one cluster, never two
 * that merge later: each pod's {@code /actuator/cluster} is polled from its start, and a
 * split shows as two members named the oldest. Rounds: 20 of 3 pods and 10 of 5 by
 * default, {@code -De2e.formation.rounds3=N} and {@code -De2e.formation.rounds5=N} for
 * more (or fewer).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlFormationIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final KubeSample sample = new KubeSample(bed, "default", KubeSample.SELECTOR);

	private static final Duration BOUND = Duration.ofMinutes(4);

	@Test
	@Order(1)
	void theStatefulSetsFqdnsAsAHardCodedMemberListFormOneCluster() {
		KubeSample fixed = new KubeSample(bed, "fixed", KubeSample.SELECTOR);
		Set<String> fqdns = IntStream.range(0, 3)
			.mapToObj((i) -> "sample-app-" + i + ".sample-app-cluster.fixed.svc.cluster.local")
			.collect(Collectors.toCollection(TreeSet::new));
		// As a user switches the discovery off the SRV lookup: the cluster.* settings of
		// the sample's ConfigMap.
		KustomizeDir members = KustomizeDir.create(bed.repository(), "static-members");
		members.kustomization("""
				resources:
				  - %s
				patches:
				  - target:
				      kind: ConfigMap
				      name: sample-app-config
				    patch: |-
				      - op: replace
				        path: /data/CLUSTER_DISCOVERY_MODE
				        value: static
				      - op: add
				        path: /data/CLUSTER_DISCOVERY_STATIC_MEMBERS
				        value: %s
				""".formatted(members.relative("sample-app/k8s/overlays/statefulset"), String.join(",", fqdns)));
		bed.kubectl("create", "namespace", "fixed");
		long start = System.nanoTime();
		bed.kubectl("apply", "-n", "fixed", "-k", members.toString());
		Map<KubePod, ClusterView> views = fixed.awaitOneCluster(3, BOUND);
		Timing.report("kube-static-members", "formation", Timing.since(start));

		views.forEach((pod, view) -> {
			assertThat(view.discoveryMode()).as(pod + " discovery").isEqualTo("static");
			assertThat(view.localName()).as(pod + " name")
				.isEqualTo(pod.name() + ".sample-app-cluster.fixed.svc.cluster.local");
			assertThat(view.memberNames()).as(pod + " member names").isEqualTo(fqdns);
		});
		stopEveryPod(fixed);
	}

	@Test
	@Order(2)
	void threePodsStartedTogetherFormOneClusterEveryRound() {
		assertEveryRoundFormsOneCluster(3, rounds("e2e.formation.rounds3", 20));
	}

	@Test
	@Order(3)
	void fivePodsStartedTogetherFormOneClusterEveryRound() {
		assertEveryRoundFormsOneCluster(5, rounds("e2e.formation.rounds5", 10));
	}

	private static void assertEveryRoundFormsOneCluster(int replicas, int rounds) {
		// The StatefulSet overlay as users apply it, with no pod yet: each round scales
		// it
		// up from nothing.
		KustomizeDir none = KustomizeDir.create(bed.repository(), "no-replicas");
		none.kustomization("""
				resources:
				  - %s
				replicas:
				  - name: sample-app
				    count: 0
				""".formatted(none.relative("sample-app/k8s/overlays/statefulset")));
		bed.kubectl("apply", "-k", none.toString());
		stopEveryPod(sample);

		String scenario = "kube-cold-start-" + replicas;
		List<Duration> formations = new ArrayList<>();
		Map<Integer, String> splits = new LinkedHashMap<>();
		long first = System.nanoTime();
		for (int round = 1; round <= rounds; round++) {
			long start = System.nanoTime();
			sample.kubectl("scale", "statefulset", "sample-app", "--replicas=" + replicas);
			Formation formation = Formation.watch(round, replicas);
			Duration formed = Timing.since(start);
			formations.add(formed);
			Timing.report(scenario, "formation-round-" + round, formed);
			if (formation.oldest().size() > 1) {
				String split = formation.describe();
				splits.put(round, split);
				System.out.println("[e2e] " + scenario + " round " + round + " split:\n" + split);
			}
			stopEveryPod(sample);
			Timing.report(scenario, "round-" + round, Timing.since(start));
		}
		Timing.report(scenario, "every-round", Timing.since(first));
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
	 * Scale the StatefulSet to 0 and force-delete its pods (their processes are killed at
	 * once, no preStop hook, no graceful shutdown), then wait until no pod is left and
	 * every process of their containers has exited: the next round starts cold.
	 */
	private static void stopEveryPod(KubeSample pods) {
		List<ProcessHandle> processes = pods.allPods().stream().flatMap((pod) -> pod.processes().stream()).toList();
		pods.kubectl("scale", "statefulset", "sample-app", "--replicas=0");
		await("no pod left in " + pods.namespace()).atMost(Duration.ofMinutes(1))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> {
				List<String> left = pods.allPods().stream().map(KubePod::name).toList();
				if (!left.isEmpty()) {
					List<String> delete = new ArrayList<>(
							List.of("delete", "pod", "--grace-period=0", "--force", "--ignore-not-found"));
					delete.addAll(left);
					pods.kubectl(delete.toArray(String[]::new));
				}
				assertThat(left).as("pods").isEmpty();
			});
		await("every container process gone").atMost(Duration.ofMinutes(1))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(processes).noneMatch(ProcessHandle::isAlive));
	}

	private static int rounds(String property, int byDefault) {
		int rounds = Integer.getInteger(property, byDefault);
		if (rounds < 1) {
			throw new IllegalArgumentException(property + " must be 1 or more, not " + rounds);
		}
		return rounds;
	}

	/**
	 * One round watched from its pods' start until they make one cluster: every distinct
	 * answer each pod gave, and every member named the oldest in any of them.
	 *
	 * @param round the round's number
	 * @param pods the round's pods, as they made one cluster
	 * @param seen each pod's distinct answers, in the order given
	 * @param oldest the addresses named the oldest member
	 */
	private record Formation(int round, List<KubePod> pods, Map<String, Set<String>> seen, Set<String> oldest) {

		static Formation watch(int round, int replicas) {
			Formation formation = new Formation(round, new ArrayList<>(), new TreeMap<>(), new TreeSet<>());
			try {
				await("round " + round + ": one cluster of " + replicas).atMost(BOUND)
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(250))
					.untilAsserted(() -> {
						// The API is asked only until every pod has its IP.
						if (formation.pods().size() != replicas
								|| formation.pods().stream().anyMatch((pod) -> pod.ip().isEmpty())) {
							formation.pods().clear();
							formation.pods().addAll(sample.pods());
						}
						assertThat(formation.pods()).as("pods").hasSize(replicas);
						KubeSample.assertOneCluster(formation.pods(), formation::saw);
					});
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError(ex.getMessage() + "\n" + formation.describe(), ex);
			}
			return formation;
		}

		private void saw(KubePod pod, ClusterView view) {
			Set<String> oldestNow = view.members()
				.stream()
				.filter(ClusterView.Member::oldest)
				.map(ClusterView.Member::address)
				.collect(Collectors.toCollection(TreeSet::new));
			this.oldest.addAll(oldestNow);
			this.seen.computeIfAbsent(pod.name() + " (" + pod.ip() + ")", (name) -> new LinkedHashSet<>())
				.add("oldest " + oldestNow + ", members " + new TreeSet<>(view.memberAddresses()) + ", "
						+ view.state());
		}

		/** The round, what each pod answered, and the pods' logs. */
		String describe() {
			StringBuilder text = new StringBuilder("round ").append(this.round)
				.append(": members named the oldest ")
				.append(this.oldest)
				.append('\n');
			this.seen.forEach((pod, views) -> text.append("  ")
				.append(pod)
				.append(" answered, in turn:\n    ")
				.append(String.join("\n    ", views))
				.append('\n'));
			for (KubePod pod : this.pods) {
				text.append(bed.podLogs(pod));
			}
			return text.toString();
		}

	}

}
