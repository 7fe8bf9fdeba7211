package dev.podcluster.e2e;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
 * {@code CLUSTER_ZONE}: each member takes its zone from its own endpoint. Then the API
 * server stopped for 30 s, with nobody leaving, and parallel cold starts:
 * {@value #COLD_START_ROUNDS} rounds of 3 pods by default,
 * {@code -De2e.kubernetes-api.rounds=N} for more.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesApiDiscoveryIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final String NAMESPACE = "watch";

	private static final KubeSample sample = new KubeSample(bed, NAMESPACE, KubeSample.SELECTOR);

	private static final Duration BOUND = Duration.ofMinutes(3);

	private static final int COLD_START_ROUNDS = 3;

	/**
	 * The pods go without CLUSTER_ZONE: in this mode a member takes its zone from its own
	 * endpoint in the Service's EndpointSlices. As production pods do, they keep serving
	 * for a few seconds once deleted (a preStop hook), while they are still members; and
	 * their first join logs the terminating seeds it leaves out.
	 */
	private static final String POD_PATCH = """
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
			                  - name: SPRING_APPLICATION_JSON
			                    value: '{"logging":{"level":{"dev.podcluster.hazelcast.FirstJoinSeeds":"debug"}}}'
			                lifecycle:
			                  preStop:
			                    exec:
			                      command: ["sleep", "5"]
			""";

	/** The HTTP API's Service, as an application has one. */
	private static final String HTTP_SERVICE = """
			apiVersion: v1
			kind: Service
			metadata:
			  name: http
			spec:
			  selector:
			    app.kubernetes.io/name: sample-app
			  ports:
			    - name: http
			      port: 8080
			      targetPort: http
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
				%s""".formatted(NAMESPACE, noRole.relative("sample-app/k8s/examples/kubernetes-api"), POD_PATCH));
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
		app.write("service-http.yaml", HTTP_SERVICE).kustomization("""
				namespace: %s
				resources:
				  - %s
				  - service-http.yaml
				patches:
				%s""".formatted(NAMESPACE, app.relative("sample-app/k8s/examples/kubernetes-api"), POD_PATCH));
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
	void aRolloutRestartKeepsOneClusterAndEveryEntryAndEndsOnTheNewRevision() throws Exception {
		Map<KubePod, ClusterView> beforeViews = sample.awaitOneCluster(3, BOUND);
		List<KubePod> before = List.copyOf(beforeViews.keySet());
		String oldRevision = podTemplateHash(before.get(0));
		beforeViews.forEach((pod, view) -> assertThat(view.memberRevisions()).as(pod + " members' revisions")
			.containsExactly(oldRevision));
		Map<String, String> entries = Entries.write(KubeSample.http(before), "watched-", 1_000, Duration.ofMinutes(2));
		Set<String> oldAddresses = before.stream().map(KubePod::ip).collect(Collectors.toSet());
		Map<KubePod, ClusterView> afterViews;
		Map<String, ClusterView> terminatingViews;
		try (TerminatingEndpoints terminating = TerminatingEndpoints.watch(bed, NAMESPACE, "cluster")) {
			afterViews = sample.rollOut("kube-kubernetes-api-rollout-restart", "deployment/sample-app", "http",
					() -> sample.kubectl("rollout", "restart", "deployment/sample-app"), BOUND);
			System.out.println("[e2e] endpoints of Service cluster seen terminating and serving:\n  "
					+ String.join("\n  ", terminating.seen()));
			assertThat(terminating.problems()).as("terminating pods that did not answer").isEmpty();
			terminatingViews = terminating.viewsWhenSeen();
		}
		// Each old pod, once deleted, stayed in the EndpointSlice as terminating and
		// serving while it was still a member of the cluster of 3 or more.
		assertThat(terminatingViews.keySet()).as("old pods seen terminating and serving")
			.containsExactlyInAnyOrderElementsOf(oldAddresses);
		terminatingViews.forEach((ip, view) -> {
			assertThat(view.state()).as(ip + " state when seen terminating").isEqualTo("ACTIVE");
			assertThat(view.memberAddresses()).as(ip + " members when seen terminating")
				.contains(ip + ":" + SampleApp.HAZELCAST_PORT)
				.hasSizeGreaterThanOrEqualTo(3);
		});
		// The new pods that joined while an old one was terminating left it out of their
		// first join (a member until it leaves, not one to join through).
		String leftOut = afterViews.keySet()
			.stream()
			.map(bed::podLogs)
			.flatMap(String::lines)
			.filter((line) -> line.contains("First join: leaving out the terminating seeds"))
			.collect(Collectors.joining("\n"));
		System.out.println("[e2e] first joins that left out terminating seeds:\n" + leftOut);
		assertThat(oldAddresses)
			.as("old pods a new pod's first join left out while they were terminating:%n%s", leftOut)
			.anyMatch((ip) -> leftOut.contains(ip + ":" + SampleApp.HAZELCAST_PORT));
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

	@Test
	@Order(5)
	void theApiServerStoppedFor30SecondsNobodyLeavesAndTheWatchResumesOnceItIsBack() {
		Map<KubePod, ClusterView> before = sample.awaitOneCluster(3, BOUND);
		// Seeds of pods gone in the rollout stay for a few answers: wait until every
		// pod's seeds are the three members, with no error.
		await("every pod's seeds the three members, no error").atMost(BOUND)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> before.forEach((pod, view) -> {
				ClusterView now = pod.http().cluster();
				assertThat(now.discoveryError()).as(pod + " discovery error").isNull();
				assertThat(now.seeds()).as(pod + " seeds").containsExactlyInAnyOrderElementsOf(view.memberAddresses());
			}));
		Map<KubePod, Double> leftBefore = new LinkedHashMap<>();
		Map<KubePod, ClusterView> settled = new LinkedHashMap<>();
		before.keySet().forEach((pod) -> {
			leftBefore.put(pod, pod.http().metric("cluster.members.left"));
			settled.put(pod, pod.http().cluster());
		});
		String scenario = "kube-kubernetes-api-apiserver-outage";
		Outage outage = new Outage(settled);
		long start = System.nanoTime();
		try {
			// SIGTERM: it stops listening at once, and takes up to its stop bound to
			// exit.
			bed.stopApiServer();
			Timing.report(scenario, "apiserver-exited", Timing.since(start));
			await("30 s without the API server").atMost(Duration.ofSeconds(60))
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> outage.look(start, Duration.ofSeconds(30)));
		}
		finally {
			Timing.report(scenario, "apiserver-stopped-for", Timing.since(start));
			bed.startApiServer();
		}
		Timing.report(scenario, "apiserver-ready-again", Timing.since(start));
		assertThat(outage.problems).as("what the pods showed while the API server was down").isEmpty();
		assertThat(outage.errorShown).as("pods whose /actuator/cluster showed the failed lookups")
			.containsExactlyInAnyOrderElementsOf(before.keySet());
		await("every discovery error cleared after the outage").atMost(BOUND)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> settled.forEach((pod, view) -> {
				ClusterView now = pod.http().cluster();
				assertThat(now.discoveryError()).as(pod + " discovery error").isNull();
				assertThat(now.seeds()).as(pod + " seeds").containsExactlyInAnyOrderElementsOf(view.seeds());
			}));
		Timing.report(scenario, "every-discovery-error-cleared", Timing.since(start));
		// Nobody left: the same pods and containers, Ready, one cluster, no member left.
		await("the same pods, Ready").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
			List<KubePod> after = sample.pods();
			assertThat(after).extracting(KubePod::containerId)
				.containsExactlyInAnyOrderElementsOf(before.keySet().stream().map(KubePod::containerId).toList());
			assertThat(after).allSatisfy((pod) -> assertThat(pod.ready()).as(pod + " Ready").isTrue());
		});
		KubeSample.assertOneCluster(List.copyOf(before.keySet()));
		leftBefore.forEach(
				(pod, left) -> assertThat(pod.http().metric("cluster.members.left")).as(pod + " cluster.members.left")
					.isEqualTo(left));
		// The watch resumed: a pod added now is in every pod's seeds.
		long scaled = System.nanoTime();
		sample.kubectl("scale", "deployment", "sample-app", "--replicas=4");
		Map<KubePod, ClusterView> four = sample.awaitOneCluster(4, BOUND);
		Set<String> uids = before.keySet().stream().map(KubePod::uid).collect(Collectors.toSet());
		KubePod added = four.keySet()
			.stream()
			.filter((pod) -> !uids.contains(pod.uid()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No new pod among " + four.keySet()));
		await("the added pod in every pod's seeds").atMost(BOUND)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> before.keySet()
				.forEach((pod) -> assertThat(pod.http().cluster().seeds()).as(pod + " seeds")
					.contains(added.memberAddress())));
		Timing.report(scenario, "added-pod-in-every-watch", Timing.since(scaled));
	}

	/**
	 * What every pod shows, once a second, while the API server is down: its three
	 * members, the seeds it had, Ready, and the failed lookups.
	 */
	private static final class Outage {

		private final Map<KubePod, ClusterView> before;

		final List<String> problems = new ArrayList<>();

		final Set<KubePod> errorShown = new LinkedHashSet<>();

		Outage(Map<KubePod, ClusterView> before) {
			this.before = before;
		}

		/** Looks once; returns whether {@code length} has passed since {@code start}. */
		boolean look(long start, Duration length) {
			this.before.forEach((pod, view) -> {
				try {
					ClusterView now = pod.http().cluster();
					if (now.size() != 3
							|| !Set.copyOf(now.memberAddresses()).equals(Set.copyOf(view.memberAddresses()))) {
						this.problems.add(pod + " sees " + now.memberAddresses());
					}
					if (!Set.copyOf(now.seeds()).equals(Set.copyOf(view.seeds()))) {
						this.problems.add(pod + " seeds " + now.seeds() + " instead of " + view.seeds());
					}
					String error = now.discoveryError();
					if (error != null) {
						if (!error.startsWith("the Kubernetes API")) {
							this.problems.add(pod + " error " + error);
						}
						this.errorShown.add(pod);
					}
					int readiness = pod.http()
						.send("/actuator/health/readiness", HttpRequest.Builder::GET)
						.statusCode();
					if (readiness != 200) {
						this.problems.add(pod + " readiness " + readiness);
					}
				}
				catch (RuntimeException ex) {
					this.problems.add(pod + " did not answer: " + ex.getMessage());
				}
			});
			return Timing.since(start).compareTo(length) >= 0;
		}

	}

	@Test
	@Order(6)
	void threePodsStartedTogetherFormOneClusterEveryRound() {
		int rounds = Integer.getInteger("e2e.kubernetes-api.rounds", COLD_START_ROUNDS);
		String scenario = "kube-kubernetes-api-cold-start-3";
		sample.stopEveryPod("deployment/sample-app");
		Map<Integer, String> splits = new LinkedHashMap<>();
		long first = System.nanoTime();
		for (int round = 1; round <= rounds; round++) {
			long start = System.nanoTime();
			sample.kubectl("scale", "deployment", "sample-app", "--replicas=3");
			// A split shows as two members named the oldest, in any answer from the
			// start.
			Map<String, Set<String>> oldest = new TreeMap<>();
			sample.awaitOneCluster((pods) -> pods.size() == 3, "3 pods, round " + round, BOUND,
					(pod, view) -> view.members()
						.stream()
						.filter(ClusterView.Member::oldest)
						.forEach((member) -> oldest.computeIfAbsent(member.address(), (address) -> new TreeSet<>())
							.add(pod.name())));
			Timing.report(scenario, "formation-round-" + round, Timing.since(start));
			if (oldest.size() > 1) {
				splits.put(round, "members named the oldest, by whom: " + oldest);
			}
			sample.stopEveryPod("deployment/sample-app");
		}
		Timing.report(scenario, "every-round", Timing.since(first));
		System.out.printf("E2E-FORMATION scenario=%s rounds=%d splits=%d%n", scenario, rounds, splits.size());
		assertThat(splits).as("rounds of 3 pods started together that made more than one cluster").isEmpty();
	}

}
