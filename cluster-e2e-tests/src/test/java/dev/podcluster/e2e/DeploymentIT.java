package dev.podcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.podcluster.testsupport.pod.Deployment;
import dev.podcluster.testsupport.pod.Pod;
import dev.podcluster.testsupport.pod.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample app as the Deployment of {@code sample-app/k8s/overlays/deployment}: pods
 * named after their IPs, and a rolling redeploy that must lose nothing.
 */
class DeploymentIT {

	@RegisterExtension
	static final TestBed bed = new TestBed();

	static final Duration BOUND = Duration.ofSeconds(180);

	static final Map<String, String> ENVIRONMENT = Map.of("CLUSTER_KUBERNETES_SERVICENAME", "sample-app-cluster");

	@Test
	void threePodsFormOneClusterNamedAfterTheirIps() {
		Deployment deployment = bed.deployment("sample-app", "sample-app-cluster", "deploy",
				SampleApp.pod(ENVIRONMENT));
		List<Pod> pods = deployment.scaleTo(3);
		Timing.report("2-deployment", "formation",
				Convergence.awaitOneCluster(pods, Convergence.firstStart(pods), BOUND));

		Set<String> names = pods.stream().map(deployment::fqdn).collect(Collectors.toSet());
		for (Pod pod : pods) {
			ClusterView view = ClusterView.of(pod);
			assertThat(view.localName()).as(pod + " name")
				.isEqualTo(pod.ip().replace('.', '-') + ".sample-app-cluster.deploy.svc.cluster.local");
			assertThat(view.namingMode()).as(pod + " naming mode").isEqualTo("pod-ip");
			assertThat(view.memberNames()).as(pod + " member names").isEqualTo(names);
			assertThat(view.discoveryMode()).as(pod + " discovery").isEqualTo("dns-srv");
		}
	}

	@Test
	void aRollingRedeployKeepsTheCounterAndEveryEntry() {
		Deployment deployment = bed.deployment("sample-app", "sample-app-cluster", "rolling",
				SampleApp.pod(ENVIRONMENT));
		List<Pod> pods = deployment.scaleTo(3);
		Timing.report("7-rolling-redeploy", "formation",
				Convergence.awaitOneCluster(pods, Convergence.firstStart(pods), BOUND));
		long counter = 0;
		for (int i = 0; i < 90; i++) {
			SampleApp.incrementCounter(pods.get(i % pods.size()));
			counter++;
		}
		long writing = System.nanoTime();
		Map<String, String> entries = Entries.write(PodHttp.of(pods), "entry-", 10_000, Duration.ofSeconds(180));
		Timing.report("7-rolling-redeploy", "write-10000-entries", Timing.since(writing));

		// maxSurge 1, maxUnavailable 0: a new pod must be in the cluster and Ready before
		// an old one
		// gets SIGTERM.
		deployment.newTemplate();
		long rollout = System.nanoTime();
		for (Pod old : pods) {
			Pod fresh = deployment.startPod();
			Timing.report("7-rolling-redeploy", "join-of-new-pod",
					Convergence.awaitOneCluster(deployment.pods(), fresh.startedNanos(), BOUND));
			await(fresh + " ready").atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.until(() -> fresh.get("/actuator/health/readiness").statusCode() == 200);
			long terminated = System.nanoTime();
			deployment.terminate(old);
			Timing.report("7-rolling-redeploy", "exit-after-sigterm", Timing.since(terminated));
			Timing.report("7-rolling-redeploy", "views-after-sigterm",
					Convergence.awaitOneCluster(deployment.pods(), terminated, BOUND));
			for (int i = 0; i < 10; i++) {
				SampleApp.incrementCounter(fresh);
				counter++;
			}
		}
		Timing.report("7-rolling-redeploy", "whole-rollout", Timing.since(rollout));

		List<Pod> current = deployment.pods();
		assertThat(current).doesNotContainAnyElementsOf(pods).hasSize(3);
		for (Pod pod : current) {
			assertThat(SampleApp.counter(pod)).as(pod + " counter").isEqualTo(counter);
		}
		assertThat(SampleApp.entryCount(current.get(0))).isEqualTo(entries.size());
		Entries.assertAllReadable(PodHttp.of(current), entries, Duration.ofSeconds(180));
	}

}
