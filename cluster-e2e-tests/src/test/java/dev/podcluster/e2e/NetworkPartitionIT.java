package dev.podcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.podcluster.testsupport.pod.Pod;
import dev.podcluster.testsupport.pod.StatefulSet;
import dev.podcluster.testsupport.pod.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pod whose link is cut: the others drop it, as for a pod whose node vanished; when the
 * link comes back, the split heals into one cluster within seconds, not at Hazelcast's
 * default 300 s check.
 */
class NetworkPartitionIT {

	@RegisterExtension
	static final TestBed bed = new TestBed();

	static final Duration BOUND = Duration.ofSeconds(180);

	/** The goal for one cluster again after the link is back. */
	static final Duration HEAL_GOAL = Duration.ofSeconds(15);

	static final Map<String, String> ENVIRONMENT = Map.of("CLUSTER_KUBERNETES_SERVICENAME", "sample-app-cluster");

	@Test
	void aPodCutOffUntilEachSideIsItsOwnClusterRejoinsWhenItsLinkIsBack() {
		StatefulSet statefulSet = bed.statefulSet("sample-app", "sample-app-cluster", "split",
				SampleApp.pod(ENVIRONMENT));
		List<Pod> pods = statefulSet.scaleTo(3);
		Timing.report("split-heal", "formation",
				Convergence.awaitOneCluster(pods, Convergence.firstStart(pods), BOUND));

		Pod cut = statefulSet.pod(2);
		List<Pod> rest = others(pods, cut);
		long cutAt = System.nanoTime();
		cut.cutNetwork();
		Timing.report("split-heal", "drop-after-link-cut", Convergence.awaitOneCluster(rest, cutAt, BOUND));
		await(cut + ", seen from inside, alone").atMost(BOUND)
			.pollInterval(Convergence.POLL_INTERVAL)
			.ignoreExceptions()
			.untilAsserted(() -> {
				ClusterView alone = ClusterView.fromInside(cut);
				assertThat(alone.memberAddresses()).containsExactly(SampleApp.memberAddress(cut));
				assertThat(alone.state()).isEqualTo("ACTIVE");
			});
		Timing.report("split-heal", "split-complete-after-link-cut", Timing.since(cutAt));
		// Both sides stay split while the link is down: nothing merges through a dead
		// link.
		Convergence.assertOneCluster(rest);

		long restored = System.nanoTime();
		cut.restoreNetwork();
		Duration healed = Convergence.awaitOneCluster(pods, restored, BOUND);
		Timing.report("split-heal", "one-cluster-after-restore", healed);
		assertThat(healed).as("time from the link's return to one cluster of 3").isLessThan(HEAL_GOAL);
		Set<String> fqdns = Set.of(statefulSet.fqdn(0), statefulSet.fqdn(1), statefulSet.fqdn(2));
		for (Pod pod : pods) {
			assertThat(ClusterView.of(pod).memberNames()).as(pod + " member names").isEqualTo(fqdns);
		}
	}

	@Test
	void theOldestPodsNetworkVanishingForGoodIsDroppedByTheOthers() {
		StatefulSet statefulSet = bed.statefulSet("sample-app", "sample-app-cluster", "vanish",
				SampleApp.pod(ENVIRONMENT));
		List<Pod> pods = statefulSet.scaleTo(3);
		Timing.report("network-vanished", "formation",
				Convergence.awaitOneCluster(pods, Convergence.firstStart(pods), BOUND));

		// The oldest member is Hazelcast's master: the others must also agree on a new
		// one.
		Pod gone = StatefulSetIT.oldest(pods);
		List<Pod> survivors = others(pods, gone);
		long cutAt = System.nanoTime();
		gone.cutNetwork();
		Duration dropped = Convergence.awaitOneCluster(survivors, cutAt, BOUND);
		Timing.report("network-vanished", "drop-after-link-cut", dropped);
		for (Pod pod : survivors) {
			ClusterView view = ClusterView.of(pod);
			assertThat(view.members()).as(pod + " oldest member")
				.filteredOn(ClusterView.Member::oldest)
				.singleElement()
				.extracting(ClusterView.Member::address)
				.isNotEqualTo(SampleApp.memberAddress(gone));
		}
	}

	private static List<Pod> others(List<Pod> pods, Pod excluded) {
		List<Pod> others = new ArrayList<>(pods);
		others.remove(excluded);
		return others;
	}

}
