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
 * The sample app as the StatefulSet of {@code sample-app/k8s/overlays/statefulset}:
 * parallel start, scaling, and a pod killed outright.
 */
class StatefulSetIT {

	@RegisterExtension
	static final TestBed bed = new TestBed();

	static final Duration BOUND = Duration.ofSeconds(180);

	/** All a user configures on Kubernetes: the headless Service's name. */
	static final Map<String, String> ENVIRONMENT = Map.of("CLUSTER_KUBERNETES_SERVICENAME", "sample-app-cluster");

	@Test
	void threePodsStartedInParallelFormOneClusterNamedAfterTheirFqdns() {
		StatefulSet statefulSet = bed.statefulSet("sample-app", "sample-app-cluster", "parallel",
				SampleApp.pod(ENVIRONMENT));
		List<Pod> pods = statefulSet.scaleTo(3);
		Duration formed = Convergence.awaitOneCluster(pods, Convergence.firstStart(pods), BOUND);
		Timing.report("1-statefulset-parallel-start", "formation", formed);

		Set<String> fqdns = Set.of(statefulSet.fqdn(0), statefulSet.fqdn(1), statefulSet.fqdn(2));
		for (Pod pod : pods) {
			ClusterView view = ClusterView.of(pod);
			assertThat(view.localName()).as(pod + " name").isEqualTo(statefulSet.fqdn(pod));
			assertThat(view.localAddress()).as(pod + " address").isEqualTo(SampleApp.memberAddress(pod));
			assertThat(view.namingMode()).as(pod + " naming mode").isEqualTo("statefulset");
			assertThat(view.memberNames()).as(pod + " member names").isEqualTo(fqdns);
			assertThat(view.members()).as(pod + " oldest member").filteredOn(ClusterView.Member::oldest).hasSize(1);
			assertThat(view.discoveryMode()).as(pod + " discovery").isEqualTo("dns-srv");
			assertThat(view.discoveryQuery()).as(pod + " query")
				.isEqualTo("_hazelcast._tcp." + statefulSet.serviceFqdn() + ".");
			assertThat(view.discoveryError()).as(pod + " discovery error").isNull();
		}
		for (Pod pod : pods) {
			await(pod + " healthy").atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(SampleApp.healthStatus(pod)).isEqualTo("UP"));
		}
	}

	@Test
	void everyPodFollowsScalingUpAndDown() {
		StatefulSet statefulSet = bed.statefulSet("sample-app", "sample-app-cluster", "scale",
				SampleApp.pod(ENVIRONMENT));
		List<Pod> first = statefulSet.scaleTo(3);
		Timing.report("3-scale", "formation", Convergence.awaitOneCluster(first, Convergence.firstStart(first), BOUND));

		List<Pod> added = statefulSet.scaleTo(5);
		Duration joined = Convergence.awaitOneCluster(statefulSet.pods(), Convergence.firstStart(added), BOUND);
		Timing.report("3-scale", "join-after-scale-up", joined);
		assertThat(ClusterView.of(statefulSet.pods().get(0)).memberNames()).hasSize(5).contains(statefulSet.fqdn(4));

		long scaleDown = System.nanoTime();
		statefulSet.scaleTo(3);
		Timing.report("3-scale", "exit-after-sigterm", Timing.since(scaleDown));
		Duration left = Convergence.awaitOneCluster(statefulSet.pods(), scaleDown, BOUND);
		Timing.report("3-scale", "views-after-scale-down", left);
		for (Pod pod : statefulSet.pods()) {
			assertThat(ClusterView.of(pod).memberNames()).as(pod + " member names")
				.isEqualTo(Set.of(statefulSet.fqdn(0), statefulSet.fqdn(1), statefulSet.fqdn(2)));
		}
		for (Pod pod : added) {
			assertThat(pod.exitValue()).as(pod + " exit status after SIGTERM").isIn(0, 143);
		}
	}

	@Test
	void aPodKilledWithSigkillIsDroppedAndBackedUpDataSurvives() {
		StatefulSet statefulSet = bed.statefulSet("sample-app", "sample-app-cluster", "kill",
				SampleApp.pod(ENVIRONMENT));
		List<Pod> pods = statefulSet.scaleTo(3);
		Timing.report("5-sigkill", "formation", Convergence.awaitOneCluster(pods, Convergence.firstStart(pods), BOUND));
		Map<String, String> entries = Entries.write(PodHttp.of(pods), "kill-", 1000, Duration.ofSeconds(60));
		for (int i = 0; i < 30; i++) {
			SampleApp.incrementCounter(pods.get(i % pods.size()));
		}

		// The oldest member, Hazelcast's master, is the hardest one to lose.
		Pod victim = oldest(pods);
		List<Pod> survivors = new ArrayList<>(pods);
		survivors.remove(victim);
		long killed = System.nanoTime();
		statefulSet.kill(victim);
		Duration dropped = Convergence.awaitOneCluster(survivors, killed, Duration.ofSeconds(120));
		Timing.report("5-sigkill", "drop-after-kill", dropped);

		assertThat(SampleApp.entryCount(survivors.get(0))).isEqualTo(entries.size());
		Entries.assertAllReadable(PodHttp.of(survivors), entries, Duration.ofSeconds(60));
		for (Pod pod : survivors) {
			assertThat(SampleApp.counter(pod)).as(pod + " counter").isEqualTo(30);
		}
	}

	static Pod oldest(List<Pod> pods) {
		String address = ClusterView.of(pods.get(0))
			.members()
			.stream()
			.filter(ClusterView.Member::oldest)
			.map(ClusterView.Member::address)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No member is marked oldest"));
		return pods.stream()
			.filter((pod) -> SampleApp.memberAddress(pod).equals(address))
			.findFirst()
			.orElseThrow(() -> new AssertionError("The oldest member " + address + " is none of " + pods));
	}

}
