package dev.podcluster.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code cluster.kubernetes.pod-deletion-cost.enabled} on the real control plane: the
 * sample's {@code examples/pod-deletion-cost} (the kubernetes-api example with the
 * {@code pod-deletion-cost} component), in a namespace of its own. Once the pods form one
 * cluster, the three oldest members' pods carry descending costs, the oldest member's the
 * highest, as {@code kubectl get pods} shows; scaled down, the Deployment removes a
 * younger pod and the oldest member stays. {@link PodDeletionCostScaleDownBenchmark}
 * counts, over many scale-downs, how often the oldest member moves with and without.
 */
class PodDeletionCostIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final String NAMESPACE = "deletion-cost";

	private static final KubeSample sample = new KubeSample(bed, NAMESPACE, KubeSample.SELECTOR);

	private static final Duration BOUND = Duration.ofMinutes(3);

	/** The annotation a ReplicaSet reads when it picks the pods to remove. */
	static final String ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

	@Test
	void theOldestMembersPodCarriesTheHighestCostAndStaysWhenTheDeploymentScalesDown() {
		long start = System.nanoTime();
		apply(bed, NAMESPACE, true, 3);
		Map<KubePod, ClusterView> views = sample.awaitOneCluster(3, BOUND);
		List<KubePod> byAge = byAge(List.copyOf(views.keySet()));
		await("the three oldest members' pods annotated").atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(costs(bed, sample)).containsEntry(byAge.get(0).name(), "10000")
				.containsEntry(byAge.get(1).name(), "9900")
				.containsEntry(byAge.get(2).name(), "9800"));
		Timing.report("kube-pod-deletion-cost", "apply-to-annotated", Timing.since(start));
		JsonNode shown = SampleApp.JSON.readTree(byAge.get(0).http().cluster().json()).path("podDeletionCost");
		assertThat(shown.path("pod").asString()).as("podDeletionCost.pod of the oldest member's /actuator/cluster")
			.isEqualTo(NAMESPACE + "/" + byAge.get(0).name());
		assertThat(shown.path("cost").asInt()).as("its podDeletionCost.cost").isEqualTo(10000);
		assertThat(shown.path("annotated").asBoolean()).as("its podDeletionCost.annotated").isTrue();
		start = System.nanoTime();
		sample.kubectl("scale", "deployment", "sample-app", "--replicas=2");
		Map<KubePod, ClusterView> after = sample.awaitOneCluster(2, BOUND);
		Timing.report("kube-pod-deletion-cost", "scale-3-to-2", Timing.since(start));
		assertThat(after.keySet()).extracting(KubePod::name)
			.as("the pods left: the two oldest members'")
			.containsExactlyInAnyOrder(byAge.get(0).name(), byAge.get(1).name());
		assertThat(KubeSample.oldest(List.copyOf(after.keySet())).name()).as("the oldest member")
			.isEqualTo(byAge.get(0).name());
	}

	/**
	 * Applies the kubernetes-api example, with the pod-deletion-cost component or
	 * without, at {@code replicas}, in a namespace of its own.
	 */
	static void apply(KubeBed bed, String namespace, boolean deletionCost, int replicas) {
		bed.kubectl("create", "namespace", namespace);
		KustomizeDir dir = KustomizeDir.create(bed.repository(), "pod-deletion-cost-" + namespace);
		dir.kustomization("""
				namespace: %s
				resources:
				  - %s
				replicas:
				  - name: sample-app
				    count: %d
				""".formatted(namespace,
				dir.relative("sample-app/k8s/examples/" + (deletionCost ? "pod-deletion-cost" : "kubernetes-api")),
				replicas));
		bed.kubectl("apply", "-k", dir.toString());
	}

	/** These pods, the oldest member's first, as the first pod lists the members. */
	static List<KubePod> byAge(List<KubePod> pods) {
		Map<String, KubePod> byAddress = pods.stream().collect(Collectors.toMap(KubePod::memberAddress, (pod) -> pod));
		return pods.get(0)
			.http()
			.cluster()
			.members()
			.stream()
			.map((member) -> byAddress.get(member.address()))
			.toList();
	}

	/** Each pod's deletion cost, as {@code kubectl get pods} shows it; null for none. */
	static Map<String, String> costs(KubeBed bed, KubeSample sample) {
		Map<String, String> costs = new HashMap<>();
		bed.kubectlJson("-n", sample.namespace(), "get", "pods", "-l", KubeSample.SELECTOR, "-o", "json")
			.path("items")
			.values()
			.forEach((pod) -> {
				JsonNode cost = pod.path("metadata").path("annotations").path(ANNOTATION);
				costs.put(pod.path("metadata").path("name").asString(), cost.isMissingNode() ? null : cost.asString());
			});
		return costs;
	}

}
