package dev.podcluster.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's StatefulSet on the real control plane, driven with kubectl as its users
 * drive it: the overlays validated by the API server, {@code kubectl apply -k},
 * {@code kubectl scale}, {@code kubectl delete pod} (gracefully and forced),
 * {@code kubectl rollout restart}, CoreDNS scaled to zero, and {@code kubectl drain}.
 * CoreDNS answers the SRV queries, the controllers make and remove the pods. The
 * scenarios run in order on one StatefulSet; the data written in each must survive all
 * that follow.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlStatefulSetIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final KubeSample sample = new KubeSample(bed, "default", KubeSample.SELECTOR);

	private static final Duration BOUND = Duration.ofMinutes(4);

	private static final String SRV_QUERY = "_hazelcast._tcp.sample-app-cluster.default.svc.cluster.local";

	/** Every entry written so far: each scenario checks they all survived. */
	private static final Map<String, String> written = new LinkedHashMap<>();

	/** The shared counter's value after the last increment. */
	private static long counter;

	@Test
	@Order(1)
	void everyOverlayPassesTheApiServersValidationAndAMisspeltFieldDoesNot() throws IOException {
		long start = System.nanoTime();
		List<String> overlays = overlays();
		assertThat(overlays).containsExactly("deployment", "statefulset");
		for (String overlay : overlays) {
			String output = bed.kubectl("apply", "--dry-run=server", "-k", "sample-app/k8s/overlays/" + overlay);
			String workload = ("statefulset".equals(overlay) ? "statefulset.apps" : "deployment.apps") + "/sample-app";
			assertThat(output.lines().toList()).as("kubectl apply --dry-run=server -k overlays/%s", overlay)
				.containsExactlyInAnyOrder("configmap/sample-app-config created (server dry run)",
						"service/sample-app created (server dry run)",
						"service/sample-app-cluster created (server dry run)",
						"poddisruptionbudget.policy/sample-app created (server dry run)",
						"networkpolicy.networking.k8s.io/sample-app created (server dry run)",
						workload + " created (server dry run)");
		}
		Timing.report("kube-manifests", "dry-run-every-overlay", Timing.since(start));
		String everyKind = "statefulsets,deployments,services,configmaps,poddisruptionbudgets,networkpolicies";
		assertThat(bed.kubectl("get", everyKind, "-l", KubeSample.SELECTOR, "-o", "name"))
			.as("a dry run creates nothing")
			.isBlank();

		// The validation is the API server's, strict: a field it does not know fails the
		// apply and is named.
		KustomizeDir misspelt = KustomizeDir.create(bed.repository(), "misspelt");
		misspelt.kustomization("""
				resources:
				  - %s
				patches:
				  - target:
				      kind: StatefulSet
				      name: sample-app
				    patch: |-
				      - op: add
				        path: /spec/template/spec/containers/0/readinessProbe/periodSecond
				        value: 5
				""".formatted(misspelt.relative("sample-app/k8s/overlays/statefulset")));
		assertThat(bed.kubectlFailing("apply", "--dry-run=server", "-k", misspelt.toString()))
			.contains("unknown field \"spec.template.spec.containers[0].readinessProbe.periodSecond\"");
	}

	@Test
	@Order(2)
	void appliedWithKubectlThreePodsFormOneClusterNamedAfterTheirFqdns() throws Exception {
		long start = System.nanoTime();
		bed.kubectl("apply", "-k", "sample-app/k8s/overlays/statefulset");
		awaitEveryPodListing(3);
		Timing.report("kube-statefulset-apply", "formation", Timing.since(start));
		bed.kubectl("wait", "--for=condition=Ready", "pod", "-l", KubeSample.SELECTOR, "--timeout=180s");
		Timing.report("kube-statefulset-apply", "all-ready", Timing.since(start));

		for (KubePod pod : sample.pods()) {
			ClusterView view = pod.http().cluster();
			assertThat(view.localName()).isEqualTo(fqdn(pod.name()));
			assertThat(view.namingMode()).isEqualTo("statefulset");
			assertThat(view.memberNames()).isEqualTo(fqdns(3));
			assertThat(view.discoveryQuery()).isEqualTo(SRV_QUERY + ".");
		}
		// As the seed checks it with nslookup: CoreDNS answers the SRV query with one
		// target per pod.
		KubePod first = sample.pods().get(0);
		String answer = first.exec("dig", "+short", "SRV", SRV_QUERY);
		Set<String> targets = Arrays.stream(answer.strip().split("\n"))
			.map((line) -> line.split("\\s+"))
			.peek((fields) -> assertThat(fields[2]).as(answer).isEqualTo("5701"))
			.map((fields) -> fields[3].replaceAll("\\.$", ""))
			.collect(Collectors.toSet());
		assertThat(targets).isEqualTo(fqdns(3));
		assertThat(bed.kubectl("get", "pods", "-o", "wide")).contains("sample-app-0", "sample-app-1", "sample-app-2");
	}

	@Test
	@Order(3)
	void scaledFromThreeToFiveAndBackEveryPodListsTheMembersThere() {
		awaitEveryPodListing(3);
		long start = System.nanoTime();
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=5");
		awaitEveryPodListing(5);
		Timing.report("kube-statefulset-scale", "up-3-to-5", Timing.since(start));

		start = System.nanoTime();
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=3");
		awaitEveryPodListing(3);
		Timing.report("kube-statefulset-scale", "down-5-to-3-views", Timing.since(start));
		await().atMost(BOUND)
			.untilAsserted(() -> assertThat(sample.allPods()).extracting(KubePod::name)
				.containsExactly("sample-app-0", "sample-app-1", "sample-app-2"));
		Timing.report("kube-statefulset-scale", "down-5-to-3-pods-gone", Timing.since(start));
	}

	@Test
	@Order(4)
	void aDeletedPodComesBackUnderItsNameAndRejoins() throws Exception {
		awaitEveryPodListing(3);
		KubePod before = sample.pod("sample-app-1");
		long start = System.nanoTime();
		bed.kubectl("delete", "pod", "sample-app-1", "--wait=false");
		await().atMost(BOUND)
			.untilAsserted(() -> assertThat(sample.pods())
				.anyMatch((pod) -> pod.name().equals("sample-app-1") && !pod.uid().equals(before.uid())));
		Timing.report("kube-statefulset-delete-pod", "recreated", Timing.since(start));
		awaitEveryPodListing(3);
		Timing.report("kube-statefulset-delete-pod", "rejoined", Timing.since(start));
		assertThat(sample.pod("sample-app-1").http().cluster().localName()).isEqualTo(fqdn("sample-app-1"));
	}

	@Test
	@Order(5)
	void aForceDeletedPodIsDroppedAndTheBackedUpDataSurvives() {
		List<KubePod> pods = List.copyOf(awaitEveryPodListing(3).keySet());
		write(pods, "force-", 1000, 30);

		// The oldest member, Hazelcast's master, is the hardest one to lose.
		KubePod victim = KubeSample.oldest(pods);
		List<KubePod> survivors = pods.stream().filter((pod) -> !pod.equals(victim)).toList();
		long start = System.nanoTime();
		bed.kubectl("delete", "pod", victim.name(), "--grace-period=0", "--force");
		await(victim + " dropped by every other member").atMost(Duration.ofMinutes(2))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> {
				for (KubePod survivor : survivors) {
					assertThat(survivor.http().cluster().memberAddresses()).as(survivor + " members")
						.doesNotContain(victim.memberAddress());
				}
			});
		Timing.report("kube-force-delete", "dropped-by-the-others", Timing.since(start));
		assertNothingLost(survivors);

		awaitEveryPodListing(3);
		Timing.report("kube-force-delete", "recreated-and-rejoined", Timing.since(start));
		assertThat(sample.pod(victim.name()).uid()).isNotEqualTo(victim.uid());
	}

	@Test
	@Order(6)
	void aRolloutRestartLosesNothingAndTheHttpServiceAlwaysHasAReadyEndpoint() {
		List<KubePod> before = List.copyOf(awaitEveryPodListing(3).keySet());
		write(before, "rollout-", 10_000, 90);
		bed.kubectl("wait", "--for=condition=Ready", "pod", "-l", KubeSample.SELECTOR, "--timeout=120s");
		sample.rollOut("kube-rollout-restart", "statefulset/sample-app", "sample-app",
				() -> bed.kubectl("rollout", "restart", "statefulset/sample-app"), Duration.ofMinutes(8));
		assertNothingLost(sample.pods());
	}

	@Test
	@Order(7)
	void coreDnsScaledToZeroForThirtySecondsLosesNoMemberShowsTheErrorAndHeals() {
		List<KubePod> pods = List.copyOf(awaitEveryPodListing(3).keySet());
		long start = System.nanoTime();
		bed.kubectl("-n", "kube-system", "scale", "deployment/coredns", "--replicas=0");
		await("no CoreDNS pod left").atMost(Duration.ofMinutes(2))
			.untilAsserted(() -> assertThat(
					bed.kubectl("-n", "kube-system", "get", "pods", "-l", "k8s-app=kube-dns", "-o", "name"))
				.isBlank());
		Timing.report("kube-coredns-outage", "coredns-gone", Timing.since(start));

		long gone = System.nanoTime();
		Duration outage = Duration.ofSeconds(30);
		Map<String, String> errors = new ConcurrentHashMap<>();
		AtomicLong allShown = new AtomicLong();
		await("one cluster of 3 all through the outage").during(outage)
			.atMost(outage.plusSeconds(15))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> KubeSample.assertOneCluster(pods).forEach((pod, view) -> {
				if (view.discoveryError() != null && errors.putIfAbsent(pod.name(), view.discoveryError()) == null
						&& errors.size() == pods.size()) {
					allShown.set(System.nanoTime());
				}
			}));
		assertThat(errors).as("pods whose /actuator/cluster showed the DNS error during the outage")
			.containsOnlyKeys(pods.stream().map(KubePod::name).toList());
		Timing.report("kube-coredns-outage", "error-shown-on-all", Duration.ofNanos(allShown.get() - gone));
		System.out.println("[e2e] discovery error during the CoreDNS outage: " + errors.values().iterator().next());

		long back = System.nanoTime();
		bed.kubectl("-n", "kube-system", "scale", "deployment/coredns", "--replicas=2");
		bed.kubectl("-n", "kube-system", "rollout", "status", "deployment/coredns", "--timeout=150s");
		Timing.report("kube-coredns-outage", "coredns-available", Timing.since(back));
		await("the DNS error cleared").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> KubeSample.assertOneCluster(pods)
				.forEach((pod, view) -> assertThat(view.discoveryError()).as(pod + " discovery error").isNull()));
		Timing.report("kube-coredns-outage", "error-cleared-after-coredns-back", Timing.since(back));

		long scaled = System.nanoTime();
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=4");
		awaitEveryPodListing(4);
		Timing.report("kube-coredns-outage", "new-pod-joined", Timing.since(scaled));
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=3");
		awaitEveryPodListing(3);
		assertNothingLost(sample.pods());
	}

	@Test
	@Order(8)
	void aNodeDrainedWithTheEvictionApiMovesItsPodsAndNeverBreaksTheBudget() throws Exception {
		List<KubePod> pods = List.copyOf(awaitEveryPodListing(3).keySet());
		write(pods, "drain-", 1000, 30);
		bed.kubectl("wait", "--for=condition=Ready", "pod", "-l", KubeSample.SELECTOR, "--timeout=120s");
		// The Node with the most members: its drain takes the most from the cluster.
		String node = pods.stream()
			.collect(Collectors.groupingBy(KubePod::node, Collectors.counting()))
			.entrySet()
			.stream()
			.max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
			.orElseThrow()
			.getKey();
		List<String> moved = pods.stream().filter((pod) -> pod.node().equals(node)).map(KubePod::name).toList();

		try (DisruptionBudgetWatch budget = DisruptionBudgetWatch.watch(bed, "default", "sample-app")) {
			await("the budget counting 3 healthy pods").atMost(Duration.ofMinutes(1))
				.untilAsserted(() -> assertThat(budget.current()).startsWith("healthy 3 of 3,"));
			long start = System.nanoTime();
			try {
				bed.kubectl("drain", node, "--ignore-daemonsets", "--delete-emptydir-data", "--timeout=170s");
				Timing.report("kube-drain", "drain-" + moved.size() + "-members", Timing.since(start));
				sample.awaitOneCluster(
						(now) -> now.size() == 3
								&& now.stream().allMatch((pod) -> !pod.node().isEmpty() && !pod.node().equals(node)),
						"3 pods, none on " + node, BOUND);
				Timing.report("kube-drain", "one-cluster-off-the-node", Timing.since(start));
				bed.kubectl("wait", "--for=condition=Ready", "pod", "-l", KubeSample.SELECTOR, "--timeout=120s");
			}
			finally {
				bed.kubectl("uncordon", node);
			}
			System.out.println("[e2e] the PodDisruptionBudget during the drain of " + node + " (" + moved + "):\n  "
					+ String.join("\n  ", budget.changes()));
			System.out.printf("E2E-FIGURE scenario=kube-drain metric=min-healthy-pods value=%d%n",
					budget.smallestHealthy());
			assertThat(budget.smallestMargin()).as("healthy pods minus those the budget requires: %s", budget.changes())
				.isNotNegative();
		}
		assertNothingLost(sample.pods());
	}

	/**
	 * Write entries and increment the counter through these pods, and remember both.
	 */
	private static void write(List<KubePod> pods, String prefix, int entries, int increments) {
		long start = System.nanoTime();
		written.putAll(Entries.write(KubeSample.http(pods), prefix, entries, Duration.ofMinutes(3)));
		Timing.report("kube-data", "write-" + entries + "-entries", Timing.since(start));
		for (int i = 0; i < increments; i++) {
			counter = pods.get(i % pods.size()).http().incrementCounter();
		}
	}

	/**
	 * Every entry written so far is there with its value, and every pod reads the
	 * counter's last value.
	 */
	private static void assertNothingLost(List<KubePod> pods) {
		List<PodHttp> http = KubeSample.http(pods);
		assertThat(http.get(0).entryCount()).as("entries in the map").isEqualTo(written.size());
		Entries.assertAllReadable(http, written, Duration.ofMinutes(3));
		for (PodHttp pod : http) {
			assertThat(pod.counter()).as(pod + " counter").isEqualTo(counter);
		}
	}

	/**
	 * Wait until exactly the pods {@code sample-app-0..n-1} run and each lists exactly
	 * those as members, by FQDN.
	 */
	private static Map<KubePod, ClusterView> awaitEveryPodListing(int n) {
		List<String> names = IntStream.range(0, n).mapToObj((i) -> "sample-app-" + i).toList();
		Map<KubePod, ClusterView> views = sample.awaitOneCluster(
				(pods) -> pods.stream().map(KubePod::name).toList().equals(names), "the pods " + names, BOUND);
		views.forEach((pod, view) -> assertThat(view.memberNames()).as(pod.name()).isEqualTo(fqdns(n)));
		return views;
	}

	private static Set<String> fqdns(int n) {
		return IntStream.range(0, n).mapToObj((i) -> fqdn("sample-app-" + i)).collect(Collectors.toSet());
	}

	private static String fqdn(String podName) {
		return podName + ".sample-app-cluster.default.svc.cluster.local";
	}

	private static List<String> overlays() throws IOException {
		try (Stream<Path> dirs = Files.list(bed.repository().resolve("sample-app/k8s/overlays"))) {
			return dirs.filter(Files::isDirectory).map((dir) -> dir.getFileName().toString()).sorted().toList();
		}
	}

}
