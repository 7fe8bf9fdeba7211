package dev.podcluster.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a network partition costs the data a user's application acknowledged, measured
 * with a real checker: the sample's StatefulSet of 3, two clients per pod writing unique
 * values to a few keys, reading them, and incrementing and reading the counter, every
 * operation recorded with its call, return and outcome; a nemesis cuts the member traffic
 * (the pods' HTTP stays reachable) between one side and the other, round after round: a
 * pod other than the oldest member away from the two others, then the zone of the oldest
 * member (one Node per zone on the bed) away from the rest; each cut lasts until the
 * majority has dropped the minority and then {@code e2e.partition.hold-seconds} (10)
 * more, then heals, and the test waits for one cluster. After the last round every key
 * and the counter are read on every pod, and the history checker (Porcupine for per-key
 * linearizability, and a count of acknowledged writes gone) reads the history.
 * <p>
 * {@code -De2e.partition.protection} sets {@code cluster.split-brain-protection}
 * ({@code majority} by default, or {@code off}; {@code off:put-if-absent} sets
 * {@code cluster.merge-policy} too; a comma-separated list runs each in turn on one bed),
 * {@code -De2e.partition.rounds} the number of rounds (2). The keys a round writes until
 * its heal are not written after it. With protection on the test asserts what it
 * promises: no acknowledged write lost outside the detection window
 * ({@value #WINDOW_SECONDS} s after the cut), and the cut-off side refusing writes within
 * it; with protection off it asserts that the checker ran and prints the figures
 * ({@code -De2e.partition.assert-none-lost=true} asserts the promise anyway, which then
 * fails).
 */
class PartitionHistoryIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final Duration BOUND = Duration.ofMinutes(4);

	private static final long WINDOW_SECONDS = 10;

	private static final int PODS = 3;

	private static final int CLIENTS_PER_POD = 2;

	private static final int WRITES_AROUND_A_CUT = 20;

	private static final KubeSample sample = new KubeSample(bed, "default", KubeSample.SELECTOR);

	@Test
	void partitionsLoseNoAcknowledgedWriteBeyondWhatTheSettingPromises() {
		int rounds = Integer.getInteger("e2e.partition.rounds", 2);
		Duration hold = Duration.ofSeconds(Long.getLong("e2e.partition.hold-seconds", 10));
		String promise = System.getProperty("e2e.partition.assert-none-lost", "");
		// Several settings (off,majority) run one after the other on the same bed, each
		// with pods of its own, and are asserted once all have run; protection:policy
		// sets cluster.merge-policy too.
		List<String> settings = List.of(System.getProperty("e2e.partition.protection", "majority").split(","));
		Map<String, HistoryChecker.Verdict> verdicts = new LinkedHashMap<>();
		for (String setting : settings) {
			if (!verdicts.isEmpty()) {
				removeAllPods();
			}
			verdicts.put(setting, run(setting, rounds, hold));
		}
		for (String setting : settings) {
			String protection = setting.split(":")[0];
			HistoryChecker.Verdict verdict = verdicts.get(setting);
			assertThat(verdict.figure("rounds")).as("rounds in the history").isEqualTo(rounds);
			assertThat(verdict.figure("unread-keys"))
				.as("acknowledged writes whose key has no final read:%n%s", verdict.report())
				.isZero();
			boolean promised = promise.isEmpty() ? !protection.equals("off") : Boolean.parseBoolean(promise);
			if (promised) {
				assertThat(verdict.figure("acked-lost-outside-window"))
					.as("acknowledged writes lost outside the first %d s after a cut, with split-brain protection %s:%n%s",
							WINDOW_SECONDS, setting, verdict.report())
					.isZero();
				assertThat(verdict.figure("max-detection-window-ms"))
					.as("how long the cut-off side acknowledged writes after a cut, with split-brain protection %s:%n%s",
							setting, verdict.report())
					.isLessThan(WINDOW_SECONDS * 1000);
			}
		}
	}

	/**
	 * Runs the pods with one setting through the rounds, then checks the history.
	 */
	private static HistoryChecker.Verdict run(String setting, int rounds, Duration hold) {
		apply(setting);
		sample.awaitOneCluster(PODS, BOUND);
		List<KubePod> pods = sample.pods();
		Path file = bed.repository()
			.resolve("cluster-e2e-tests/target/partition-history/" + setting.replace(':', '-') + ".jsonl");
		long start = System.nanoTime();
		try (PartitionHistory history = new PartitionHistory(file, setting, WINDOW_SECONDS * 1000);
				PartitionWorkload workload = new PartitionWorkload(history, pods, CLIENTS_PER_POD)) {
			for (int round = 1; round <= rounds; round++) {
				partition(round, setting, hold, history, workload);
			}
			workload.stop();
			readEverything(workload, pods);
			System.out.printf("PartitionHistoryIT %s: %d operations in %d rounds, history in %s%n", setting,
					history.operations(), rounds, file);
		}
		Timing.report("partition-" + setting, "rounds-" + rounds, Timing.since(start));
		return HistoryChecker.check(bed.repository(), file);
	}

	/**
	 * Scales the StatefulSet to 0 and force-deletes its pods, so that the next setting's
	 * pods start with their own ConfigMap and data.
	 */
	private static void removeAllPods() {
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=0");
		bed.kubectl("delete", "pod", "-l", KubeSample.SELECTOR, "--force", "--grace-period=0", "--wait=false");
		awaitOrReport(() -> assertThat(sample.allPods()).isEmpty(), BOUND);
	}

	/**
	 * The StatefulSet overlay with {@code cluster.expected-members=3} and, unless off,
	 * {@code cluster.split-brain-protection}; {@code cluster.merge-policy} when the
	 * setting names one ({@code off:put-if-absent}).
	 */
	private static void apply(String setting) {
		String[] parts = setting.split(":");
		String protection = parts[0];
		KustomizeDir dir = KustomizeDir.create(bed.repository(), "partition-" + setting.replace(':', '-'));
		String settings = "CLUSTER_EXPECTEDMEMBERS: \"" + PODS + "\""
				+ (protection.equals("off") ? "" : "\n        CLUSTER_SPLITBRAINPROTECTION: \"" + protection + "\"")
				+ ((parts.length == 1) ? "" : "\n        CLUSTER_MERGEPOLICY: \"" + parts[1] + "\"");
		dir.kustomization("""
				resources:
				  - %s
				patches:
				  - patch: |-
				      apiVersion: v1
				      kind: ConfigMap
				      metadata:
				        name: sample-app-config
				      data:
				        %s
				""".formatted(dir.relative("sample-app/k8s/overlays/statefulset"), settings));
		bed.kubectl("apply", "-k", dir.toString());
	}

	/**
	 * One round: traffic on the round's keys, the cut, the majority dropping the
	 * minority, the hold, the heal, one cluster again, traffic after it.
	 */
	private static void partition(int round, String setting, Duration hold, PartitionHistory history,
			PartitionWorkload workload) {
		workload.round(round);
		awaitWrites(workload);
		List<KubePod> pods = sample.pods();
		KubePod oldest = KubeSample.oldest(pods);
		boolean zone = round % 2 == 0;
		List<KubePod> others = pods.stream().filter((pod) -> !pod.name().equals(oldest.name())).toList();
		List<KubePod> minority = zone ? pods.stream().filter((pod) -> pod.node().equals(oldest.node())).toList()
				: List.of(others.get((round / 2) % others.size()));
		List<KubePod> majority = pods.stream().filter((pod) -> !minority.contains(pod)).toList();
		String scenario = "partition-" + setting + "-" + (zone ? "zone" : "pod");
		minority.forEach((pod) -> pod.cutMemberTraffic(majority));
		long cut = System.nanoTime();
		history.cut(round, zone ? "zone" : "pod", minority, history.now());
		System.out.printf("PartitionHistoryIT %s round %d: %s cut off from %s%n", setting, round, names(minority),
				names(majority));
		try {
			awaitOrReport(() -> assertOnlyMembers(majority), BOUND);
			Timing.report(scenario, "majority-dropped-minority", Timing.since(cut));
			// The split lasts as long as the cut: the majority never takes the minority
			// back.
			try {
				await().during(hold)
					.atMost(hold.plusSeconds(30))
					.pollInterval(Duration.ofMillis(500))
					.ignoreExceptions()
					.untilAsserted(() -> assertOnlyMembers(majority));
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError(ex.getMessage() + "\n" + bed.podReport(), ex);
			}
		}
		finally {
			minority.forEach((pod) -> pod.restoreMemberTraffic(majority));
			history.heal(round, history.now());
		}
		// From the heal on, the clients write the next round's keys: what the heal left
		// of this round's is what the final reads see.
		workload.round(round + 1);
		long healed = System.nanoTime();
		sample.awaitOneCluster(PODS, BOUND);
		history.oneCluster(round, history.now());
		Timing.report(scenario, "heal-to-one-cluster", Timing.since(healed));
		awaitWrites(workload);
	}

	/** Waits until the clients have had a few more writes acknowledged. */
	private static void awaitWrites(PartitionWorkload workload) {
		int before = workload.acknowledgedWrites();
		awaitOrReport(() -> assertThat(workload.acknowledgedWrites()).as("acknowledged writes")
			.isGreaterThanOrEqualTo(before + WRITES_AROUND_A_CUT), BOUND);
	}

	private static void assertOnlyMembers(List<KubePod> side) {
		Set<String> addresses = side.stream().map(KubePod::memberAddress).collect(Collectors.toSet());
		for (KubePod pod : side) {
			assertThat(pod.http().cluster().memberAddresses()).as(pod.name() + " members").isEqualTo(addresses);
		}
	}

	/**
	 * The final reads: every key a client wrote and the counter, on every pod, each until
	 * the pod answers.
	 */
	private static void readEverything(PartitionWorkload workload, List<KubePod> pods) {
		for (int p = 0; p < pods.size(); p++) {
			KubePod pod = pods.get(p);
			int client = PODS * CLIENTS_PER_POD + p;
			for (String key : workload.writtenKeys()) {
				awaitOrReport(
						() -> assertThat(workload.read(client, pod, PartitionWorkload.round(key), key, true).join())
							.as("final read of " + key + " on " + pod.name())
							.isTrue(),
						BOUND);
			}
			awaitOrReport(() -> assertThat(workload.readCounter(client, pod, true).join())
				.as("final read of the counter on " + pod.name())
				.isTrue(), BOUND);
		}
	}

	private static String names(List<KubePod> pods) {
		return pods.stream().map(KubePod::name).collect(Collectors.joining(", ", "[", "]"));
	}

	private static void awaitOrReport(ThrowingRunnable assertion, Duration bound) {
		try {
			await().atMost(bound).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(assertion);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + bed.podReport(), ex);
		}
	}

}
