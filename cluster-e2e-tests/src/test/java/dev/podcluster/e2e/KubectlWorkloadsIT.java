package dev.podcluster.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's other workloads on the real control plane, one bed for both: the
 * Deployment overlay (members named after their pod IPs, {@code kubectl scale
 * deployment}, a rolling update), then two StatefulSets with different cluster names
 * behind one headless Service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlWorkloadsIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final KubeSample deployment = new KubeSample(bed, "default", KubeSample.SELECTOR);

	private static final Duration BOUND = Duration.ofMinutes(4);

	@Test
	@Order(1)
	void theDeploymentsPodsFormOneClusterNamedAfterTheirIps() {
		long start = System.nanoTime();
		bed.kubectl("apply", "-k", "sample-app/k8s/overlays/deployment");
		Map<KubePod, ClusterView> views = deployment.awaitOneCluster(3, BOUND);
		Timing.report("kube-deployment-apply", "formation", Timing.since(start));

		Set<String> names = views.keySet().stream().map(KubectlWorkloadsIT::fqdn).collect(Collectors.toSet());
		views.forEach((pod, view) -> {
			assertThat(view.localName()).as(pod + " name").isEqualTo(fqdn(pod));
			assertThat(view.namingMode()).as(pod + " naming mode").isEqualTo("pod-ip");
			assertThat(view.memberNames()).as(pod + " member names").isEqualTo(names);
			assertThat(view.discoveryMode()).as(pod + " discovery").isEqualTo("dns-srv");
		});
		bed.kubectl("wait", "--for=condition=Ready", "pod", "-l", KubeSample.SELECTOR, "--timeout=180s");
		Timing.report("kube-deployment-apply", "all-ready", Timing.since(start));
	}

	@Test
	@Order(2)
	void scaledUpAndDownWithKubectlEveryPodListsTheMembersThere() {
		deployment.awaitOneCluster(3, BOUND);
		long start = System.nanoTime();
		bed.kubectl("scale", "deployment", "sample-app", "--replicas=4");
		deployment.awaitOneCluster(4, BOUND);
		Timing.report("kube-deployment-scale", "up-3-to-4", Timing.since(start));

		start = System.nanoTime();
		bed.kubectl("scale", "deployment", "sample-app", "--replicas=3");
		deployment.awaitOneCluster(3, BOUND);
		Timing.report("kube-deployment-scale", "down-4-to-3-views", Timing.since(start));
		await().atMost(BOUND).untilAsserted(() -> assertThat(deployment.allPods()).hasSize(3));
		Timing.report("kube-deployment-scale", "down-4-to-3-pod-gone", Timing.since(start));
	}

	@Test
	@Order(3)
	void aRollingUpdateKeepsOneClusterTheCounterAndEveryEntry() throws Exception {
		List<KubePod> before = List.copyOf(deployment.awaitOneCluster(3, BOUND).keySet());
		long writing = System.nanoTime();
		Map<String, String> entries = Entries.write(KubeSample.http(before), "rolling-", 10_000, Duration.ofMinutes(3));
		Timing.report("kube-deployment-rolling-update", "write-10000-entries", Timing.since(writing));
		long counter = 0;
		for (int i = 0; i < 90; i++) {
			counter = before.get(i % before.size()).http().incrementCounter();
		}
		bed.kubectl("wait", "--for=condition=Ready", "pod", "-l", KubeSample.SELECTOR, "--timeout=120s");
		// A new pod template, as a new release brings: maxSurge 1, maxUnavailable 0.
		deployment.rollOut("kube-deployment-rolling-update", "deployment/sample-app", "sample-app",
				() -> bed.kubectl("set", "env", "deployment/sample-app", "SAMPLE_RELEASE=2"), Duration.ofMinutes(8));
		List<PodHttp> after = KubeSample.http(deployment.pods());
		assertThat(after.get(0).entryCount()).isEqualTo(entries.size());
		Entries.assertAllReadable(after, entries, Duration.ofMinutes(3));
		for (PodHttp pod : after) {
			assertThat(pod.counter()).as(pod + " counter").isEqualTo(counter);
		}
	}

	@Test
	@Order(4)
	void twoStatefulSetsWithDifferentClusterNamesBehindOneServiceNeverMerge() {
		// The Deployment goes first: its JVMs would only slow the next ones down.
		bed.kubectl("delete", "-k", "sample-app/k8s/overlays/deployment");
		bed.kubectl("create", "namespace", "names");

		// As a user would run two clusters from the sample's manifests: the base once
		// (one headless Service for both), the StatefulSet twice with its own names,
		// selector and cluster name.
		KustomizeDir names = KustomizeDir.create(bed.repository(), "names");
		names.kustomization("""
				resources:
				  - %s
				  - blue
				  - green
				""".formatted(names.relative("sample-app/k8s/base")));
		for (String color : List.of("blue", "green")) {
			names.sub(color).copy("sample-app/k8s/overlays/statefulset/statefulset.yaml").kustomization("""
					resources:
					  - statefulset.yaml
					nameSuffix: -%1$s
					labels:
					  - pairs:
					      app.kubernetes.io/instance: %1$s
					    includeSelectors: true
					patches:
					  - target:
					      kind: StatefulSet
					    patch: |-
					      - op: replace
					        path: /spec/replicas
					        value: 2
					      - op: add
					        path: /spec/template/spec/containers/0/env/-
					        value:
					          name: CLUSTER_CLUSTERNAME
					          value: %1$s
					""".formatted(color));
		}
		long start = System.nanoTime();
		bed.kubectl("apply", "-n", "names", "-k", names.toString());
		KubeSample blue = new KubeSample(bed, "names", "app.kubernetes.io/instance=blue");
		KubeSample green = new KubeSample(bed, "names", "app.kubernetes.io/instance=green");
		Map<KubePod, ClusterView> blueViews = blue.awaitOneCluster(2, BOUND);
		Timing.report("kube-two-cluster-names", "formation-blue", Timing.since(start));
		Map<KubePod, ClusterView> greenViews = green.awaitOneCluster(2, BOUND);
		Timing.report("kube-two-cluster-names", "formation-green", Timing.since(start));

		List<KubePod> all = new ArrayList<>(blueViews.keySet());
		all.addAll(greenViews.keySet());
		List<String> everyAddress = all.stream().map(KubePod::memberAddress).toList();
		await("every member's seeds listing all four pods").atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> {
				for (KubePod pod : all) {
					ClusterView view = pod.http().cluster();
					assertThat(view.clusterName()).as(pod + " cluster name")
						.isEqualTo(pod.name().contains("blue") ? "blue" : "green");
					assertThat(view.seeds()).as(pod + " seeds: the other cluster's pods are in the SRV answer too")
						.map((seed) -> seed.replace("[", "").replace("]", ""))
						.containsAll(everyAddress);
				}
			});
		List<KubePod> bluePods = List.copyOf(blueViews.keySet());
		List<KubePod> greenPods = List.copyOf(greenViews.keySet());
		await("two separate clusters").during(Duration.ofSeconds(15))
			.atMost(Duration.ofSeconds(25))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				KubeSample.assertOneCluster(bluePods);
				KubeSample.assertOneCluster(greenPods);
			});
	}

	private static String fqdn(KubePod pod) {
		return pod.ip().replace('.', '-') + ".sample-app-cluster.default.svc.cluster.local";
	}

}
