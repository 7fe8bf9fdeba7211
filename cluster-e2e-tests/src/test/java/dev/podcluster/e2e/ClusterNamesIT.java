package dev.podcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.podcluster.testsupport.pod.Pod;
import dev.podcluster.testsupport.pod.StatefulSet;
import dev.podcluster.testsupport.pod.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two clusters with different {@code cluster.cluster-name} behind one headless Service:
 * each member's seeds include the other cluster's pods, yet the clusters stay apart.
 */
class ClusterNamesIT {

	@RegisterExtension
	static final TestBed bed = new TestBed();

	@Test
	void twoClusterNamesOnOneDnsMakeTwoClustersThatNeverMerge() {
		StatefulSet blue = bed.statefulSet("blue", "sample-app-cluster", "names", SampleApp
			.pod(Map.of("CLUSTER_KUBERNETES_SERVICENAME", "sample-app-cluster", "CLUSTER_CLUSTERNAME", "blue")));
		StatefulSet green = bed.statefulSet("green", "sample-app-cluster", "names", SampleApp
			.pod(Map.of("CLUSTER_KUBERNETES_SERVICENAME", "sample-app-cluster", "CLUSTER_CLUSTERNAME", "green")));
		List<Pod> bluePods = blue.scaleTo(2);
		List<Pod> greenPods = green.scaleTo(2);
		List<Pod> all = new ArrayList<>(bluePods);
		all.addAll(greenPods);
		long start = Convergence.firstStart(all);
		Timing.report("8-two-cluster-names", "formation-blue",
				Convergence.awaitOneCluster(bluePods, start, Duration.ofSeconds(180)));
		Timing.report("8-two-cluster-names", "formation-green",
				Convergence.awaitOneCluster(greenPods, start, Duration.ofSeconds(180)));

		List<String> everyAddress = all.stream().map(SampleApp::memberAddress).toList();
		for (Pod pod : all) {
			ClusterView view = ClusterView.of(pod);
			assertThat(view.clusterName()).as(pod + " cluster name")
				.isEqualTo(bluePods.contains(pod) ? "blue" : "green");
			assertThat(view.seeds()).as(pod + " seeds: the other cluster's pods are in DNS too")
				.map((seed) -> seed.replace("[", "").replace("]", ""))
				.containsAll(everyAddress);
		}
		await("two separate clusters").during(Duration.ofSeconds(15))
			.atMost(Duration.ofSeconds(25))
			.pollInterval(Convergence.POLL_INTERVAL)
			.untilAsserted(() -> {
				Convergence.assertOneCluster(bluePods);
				Convergence.assertOneCluster(greenPods);
			});
	}

}
