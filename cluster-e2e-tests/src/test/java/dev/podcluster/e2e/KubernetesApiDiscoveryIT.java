package dev.podcluster.e2e;

import java.time.Duration;
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
 * {@code cluster.discovery.mode=kubernetes-api} on the real control plane: the sample's
 * {@code examples/kubernetes-api} (the Deployment example with the {@code kubernetes-api}
 * component: a ServiceAccount, a Role to read the Service's EndpointSlices, its
 * RoleBinding), in a namespace of its own. First without the RoleBinding, where each pod
 * says what the API server refused and which Role to apply; once it is applied, the pods
 * form one cluster; then scaling and a rollout restart, each pod seeding from its watch,
 * and every member showing the workload revision it runs. The pods go without
 * {@code CLUSTER_ZONE}: each member takes its zone from its own endpoint.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesApiDiscoveryIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final String NAMESPACE = "watch";

	private static final KubeSample sample = new KubeSample(bed, NAMESPACE, KubeSample.SELECTOR);

	private static final Duration BOUND = Duration.ofMinutes(3);

	/**
	 * The pods go without CLUSTER_ZONE: in this mode a member takes its zone from its own
	 * endpoint in the Service's EndpointSlices.
	 */
	private static final String NO_ZONE_VARIABLE = """
			  - patch: |-
			      apiVersion: apps/v1
			      kind: Deployment
			      metadata:
			        name: sample-app
			      spec:
			        template:
			          spec:
			            containers:
			              - name: app
			                env:
			                  - name: CLUSTER_ZONE
			                    $patch: delete
			""";

	@Test
	@Order(1)
	void withoutTheRoleEachPodSaysWhatWasRefusedAndWhichRoleToApply() {
		bed.kubectl("create", "namespace", NAMESPACE);
		KustomizeDir noRole = KustomizeDir.create(bed.repository(), "kubernetes-api-no-role");
		noRole.kustomization("""
				namespace: %s
				resources:
				  - %s
				patches:
				  - patch: |-
				      $patch: delete
				      apiVersion: rbac.authorization.k8s.io/v1
				      kind: RoleBinding
				      metadata:
				        name: cluster
				%s""".formatted(NAMESPACE, noRole.relative("sample-app/k8s/examples/kubernetes-api"),
				NO_ZONE_VARIABLE));
		bed.kubectl("apply", "-k", noRole.toString());
		await("each pod's /actuator/cluster shows the refusal").atMost(BOUND)
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.untilAsserted(() -> {
				List<KubePod> pods = sample.pods();
				assertThat(pods).hasSize(3);
				for (KubePod pod : pods) {
					ClusterView view = pod.http().cluster();
					assertThat(view.discoveryMode()).as(pod + " discovery").isEqualTo("kubernetes-api");
					assertThat(view.discoveryError()).as(pod + " discovery error")
						.startsWith("the Kubernetes API refused to list endpointslices.discovery.k8s.io in namespace "
								+ NAMESPACE + " (403 Forbidden: ")
						.contains("system:serviceaccount:" + NAMESPACE + ":cluster");
					assertThat(view.json()).as(pod + " fix")
						.contains("apply the Role and RoleBinding of sample-app/k8s/components/kubernetes-api");
					assertThat(view.size()).as(pod + " alone").isEqualTo(1);
				}
			});
	}

	@Test
	@Order(2)
	void onceTheRoleIsBoundThePodsFormOneClusterFromTheirWatch() {
		KustomizeDir app = KustomizeDir.create(bed.repository(), "kubernetes-api");
		app.kustomization("""
				namespace: %s
				resources:
				  - %s
				patches:
				%s""".formatted(NAMESPACE, app.relative("sample-app/k8s/examples/kubernetes-api"), NO_ZONE_VARIABLE));
		long start = System.nanoTime();
		String applied = bed.kubectl("apply", "-k", app.toString());
		assertThat(applied).contains("rolebinding.rbac.authorization.k8s.io/cluster created");
		Map<KubePod, ClusterView> views = sample.awaitOneCluster(3, BOUND);
		Timing.report("kube-kubernetes-api-apply", "formation", Timing.since(start));
		// A pod may join through its peers' seeds before its own list, which waits out
		// the
		// back-off that the refusals set, succeeds: its 403 clears with that list.
		await().atMost(BOUND).untilAsserted(() -> views.keySet().forEach((pod) -> {
			ClusterView view = pod.http().cluster();
			assertThat(view.discoveryMode()).as(pod + " discovery").isEqualTo("kubernetes-api");
			assertThat(view.discoveryQuery()).as(pod + " query")
				.isEqualTo("EndpointSlices of Service " + NAMESPACE + "/cluster, port hazelcast");
			assertThat(view.discoveryError()).as(pod + " discovery error").isNull();
		}));
		Timing.report("kube-kubernetes-api-apply", "every-discovery-error-cleared", Timing.since(start));
	}

	@Test
	@Order(3)
	void scaledUpAndDownEveryPodListsTheMembersThere() {
		sample.awaitOneCluster(3, BOUND);
		long start = System.nanoTime();
		sample.kubectl("scale", "deployment", "sample-app", "--replicas=5");
		sample.awaitOneCluster(5, BOUND);
		Timing.report("kube-kubernetes-api-scale", "up-3-to-5", Timing.since(start));
		start = System.nanoTime();
		sample.kubectl("scale", "deployment", "sample-app", "--replicas=3");
		sample.awaitOneCluster(3, BOUND);
		Timing.report("kube-kubernetes-api-scale", "down-5-to-3", Timing.since(start));
	}

	@Test
	@Order(4)
	void aRolloutRestartKeepsOneClusterAndEveryEntryAndEndsOnTheNewRevision() {
		Map<KubePod, ClusterView> beforeViews = sample.awaitOneCluster(3, BOUND);
		List<KubePod> before = List.copyOf(beforeViews.keySet());
		String oldRevision = podTemplateHash(before.get(0));
		beforeViews.forEach((pod, view) -> assertThat(view.memberRevisions()).as(pod + " members' revisions")
			.containsExactly(oldRevision));
		Map<String, String> entries = Entries.write(KubeSample.http(before), "watched-", 1_000, Duration.ofMinutes(2));
		Set<String> oldUids = before.stream().map(KubePod::uid).collect(Collectors.toSet());
		long start = System.nanoTime();
		sample.kubectl("rollout", "restart", "deployment/sample-app");
		sample.awaitRolledOut("deployment/sample-app", Duration.ofMinutes(5));
		Map<KubePod, ClusterView> afterViews = sample.awaitOneCluster(
				(pods) -> pods.size() == 3 && pods.stream().noneMatch((pod) -> oldUids.contains(pod.uid())),
				"3 new pods", BOUND);
		Timing.report("kube-kubernetes-api-rollout-restart", "one-cluster-of-new-pods", Timing.since(start));
		// Every member publishes its pod's pod-template-hash: the rollout's new one, on
		// every member, and each pod counts one revision again.
		String newRevision = podTemplateHash(afterViews.keySet().iterator().next());
		assertThat(newRevision).as("the rollout's pod-template-hash").isNotEqualTo(oldRevision);
		afterViews.forEach((pod, view) -> {
			assertThat(view.memberRevisions()).as(pod + " members' revisions").containsExactly(newRevision);
			assertThat(pod.http().metric("cluster.revisions")).as(pod + " cluster.revisions").isEqualTo(1.0);
		});
		// Started with the Role bound and without CLUSTER_ZONE, each member took its zone
		// and node from its own endpoint, and groups its partitions by zone.
		Map<String, KubePod> byAddress = afterViews.keySet()
			.stream()
			.collect(Collectors.toMap(KubePod::memberAddress, (pod) -> pod));
		afterViews.forEach((pod, view) -> view.members().forEach((member) -> {
			KubePod memberPod = byAddress.get(member.address());
			assertThat(member.zone()).as(pod + " sees the zone of " + memberPod).isEqualTo(zoneLabel(memberPod));
			assertThat(member.node()).as(pod + " sees the node of " + memberPod).isEqualTo(memberPod.node());
			assertThat(member.partitionGroup()).as(pod + " sees the group of " + memberPod).isEqualTo("zone");
		}));
		List<PodHttp> after = KubeSample.http(sample.pods());
		assertThat(after.get(0).entryCount()).as("entries after the rollout").isEqualTo(entries.size());
		Entries.assertAllReadable(after, entries, Duration.ofMinutes(2));
	}

	/** The pod's label topology.kubernetes.io/zone, copied from its Node at binding. */
	private static String zoneLabel(KubePod pod) {
		String zone = sample
			.kubectl("get", "pod", pod.name(), "-o", "jsonpath={.metadata.labels.topology\\.kubernetes\\.io/zone}")
			.trim();
		assertThat(zone).as(pod + " label topology.kubernetes.io/zone").isNotEmpty();
		return zone;
	}

	private static String podTemplateHash(KubePod pod) {
		String hash = sample.kubectl("get", "pod", pod.name(), "-o", "jsonpath={.metadata.labels.pod-template-hash}")
			.trim();
		assertThat(hash).as(pod + " label pod-template-hash").isNotEmpty();
		return hash;
	}

}
