package dev.podcluster.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's pods in one namespace of a {@link KubeBed}, found by a label selector, and
 * the questions the tests ask them: which pods run, and do they make one cluster.
 */
final class KubeSample {

	static final String SELECTOR = "app.kubernetes.io/name=sample-app";

	private final KubeBed bed;

	private final String namespace;

	private final String selector;

	KubeSample(KubeBed bed, String namespace, String selector) {
		this.bed = bed;
		this.namespace = namespace;
		this.selector = selector;
	}

	String namespace() {
		return this.namespace;
	}

	/**
	 * Run kubectl in this namespace.
	 * @param arguments kubectl's arguments, without {@code -n}
	 * @return what it printed
	 */
	String kubectl(String... arguments) {
		List<String> all = new ArrayList<>(List.of("-n", this.namespace));
		all.addAll(List.of(arguments));
		return this.bed.kubectl(all.toArray(String[]::new));
	}

	/** Every selected pod, terminating ones included, by name. */
	List<KubePod> allPods() {
		return this.bed.kubectlJson("-n", this.namespace, "get", "pods", "-l", this.selector, "-o", "json")
			.path("items")
			.values()
			.stream()
			.map(KubePod::of)
			.sorted(Comparator.comparing(KubePod::name))
			.toList();
	}

	/** The selected pods that are not being deleted, by name. */
	List<KubePod> pods() {
		return allPods().stream().filter((pod) -> !pod.terminating()).toList();
	}

	/** The one pod of this name, not being deleted. */
	KubePod pod(String name) {
		return pods().stream()
			.filter((pod) -> pod.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No pod " + name + " in " + pods()));
	}

	/**
	 * Wait until exactly {@code count} selected pods run (not being deleted) with an IP,
	 * and each is ACTIVE and lists exactly their addresses as members.
	 * @param count how many pods
	 * @param bound the time allowed
	 * @return each pod's view
	 */
	Map<KubePod, ClusterView> awaitOneCluster(int count, Duration bound) {
		return awaitOneCluster((pods) -> pods.size() == count, count + " pods", bound);
	}

	/**
	 * Wait until the selected pods not being deleted satisfy {@code expected}, each has
	 * an IP, is ACTIVE and lists exactly their addresses as members.
	 * @param expected what the set of pods must be
	 * @param description the expectation, for the failure message
	 * @param bound the time allowed
	 * @return each pod's view
	 */
	Map<KubePod, ClusterView> awaitOneCluster(Predicate<List<KubePod>> expected, String description, Duration bound) {
		return awaitOneCluster(expected, description, bound, (pod, view) -> {
		});
	}

	/**
	 * Wait until the selected pods not being deleted satisfy {@code expected}, each has
	 * an IP, is ACTIVE and lists exactly their addresses as members, showing every answer
	 * to {@code seen} on the way, whatever it says.
	 * @param expected what the set of pods must be
	 * @param description the expectation, for the failure message
	 * @param bound the time allowed
	 * @param seen hears each pod's answer
	 * @return each pod's view
	 */
	Map<KubePod, ClusterView> awaitOneCluster(Predicate<List<KubePod>> expected, String description, Duration bound,
			BiConsumer<KubePod, ClusterView> seen) {
		List<Map<KubePod, ClusterView>> result = new ArrayList<>(1);
		try {
			await("one cluster of " + description).atMost(bound)
				.pollDelay(Duration.ZERO)
				.pollInterval(Duration.ofMillis(500))
				.untilAsserted(() -> {
					List<KubePod> pods = pods();
					if (!expected.test(pods)) {
						throw new AssertionError("Expected " + description + ", found " + pods);
					}
					result.clear();
					result.add(assertOneCluster(pods, seen));
				});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + this.bed.podReport(), ex);
		}
		return result.get(0);
	}

	/**
	 * Check, once, that every one of these pods has an IP, answers, is ACTIVE and lists
	 * exactly their addresses as members.
	 * @param pods the pods that make the cluster
	 * @return each pod's view
	 */
	static Map<KubePod, ClusterView> assertOneCluster(List<KubePod> pods) {
		return assertOneCluster(pods, (pod, view) -> {
		});
	}

	/**
	 * Check, once, that every one of these pods has an IP, answers, is ACTIVE and lists
	 * exactly their addresses as members, showing each answer to {@code seen} first,
	 * whatever it says.
	 * @param pods the pods that make the cluster
	 * @param seen hears each pod's answer
	 * @return each pod's view
	 */
	static Map<KubePod, ClusterView> assertOneCluster(List<KubePod> pods, BiConsumer<KubePod, ClusterView> seen) {
		Set<String> expected = pods.stream().map(KubePod::memberAddress).collect(Collectors.toCollection(TreeSet::new));
		Map<KubePod, ClusterView> views = new LinkedHashMap<>();
		StringBuilder problems = new StringBuilder();
		for (KubePod pod : pods) {
			if (pod.ip().isEmpty()) {
				problems.append("  ").append(pod).append(": no IP yet\n");
				continue;
			}
			try {
				ClusterView view = pod.http().cluster();
				seen.accept(pod, view);
				views.put(pod, view);
				Set<String> members = new TreeSet<>(view.memberAddresses());
				if (!members.equals(expected) || view.size() != expected.size() || !"ACTIVE".equals(view.state())) {
					problems.append("  ")
						.append(pod)
						.append(" sees ")
						.append(members)
						.append(" size=")
						.append(view.size())
						.append(" state=")
						.append(view.state())
						.append('\n');
				}
			}
			catch (RuntimeException ex) {
				problems.append("  ").append(pod).append(": no answer: ").append(ex.getMessage()).append('\n');
			}
		}
		if (!problems.isEmpty()) {
			throw new AssertionError("Expected one ACTIVE cluster of " + expected + "\n" + problems);
		}
		return views;
	}

	/**
	 * Wait until {@code kubectl rollout status} says a workload's rollout is complete
	 * (polled: a rollout may outlast one kubectl run's bound).
	 * @param workload e.g. {@code statefulset/sample-app}
	 * @param bound the time allowed
	 */
	void awaitRolledOut(String workload, Duration bound) {
		await(workload + " rolled out").atMost(bound)
			.pollInterval(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(kubectl("rollout", "status", workload, "--watch=false"))
				// A StatefulSet's and a Deployment's words for done ("Waiting for
				// statefulset
				// rolling update to complete" is not).
				.containsAnyOf("rolling update complete", "successfully rolled out"));
	}

	/**
	 * Run a rollout that replaces every pod, as a user watches one: the ready endpoints
	 * of the HTTP Service followed throughout (what kube-proxy sends traffic to, which
	 * must never be none), until the workload is rolled out and its new pods make one
	 * cluster. Prints the fewest ready endpoints as an {@code E2E-FIGURE} and each
	 * change.
	 * @param scenario names the timings
	 * @param workload e.g. {@code deployment/sample-app}
	 * @param httpService the Service that routes the HTTP API
	 * @param start starts the rollout
	 * @param bound the time allowed for the rollout, and again for the new pods' cluster
	 * @return each new pod's view
	 */
	Map<KubePod, ClusterView> rollOut(String scenario, String workload, String httpService, Runnable start,
			Duration bound) {
		List<KubePod> before = pods();
		Set<String> oldUids = before.stream().map(KubePod::uid).collect(Collectors.toSet());
		try (ReadyEndpoints endpoints = ReadyEndpoints.watch(this.bed, this.namespace, httpService)) {
			await(before.size() + " ready endpoints of the " + httpService + " Service").atMost(Duration.ofMinutes(1))
				.until(() -> endpoints.current() == before.size());
			endpoints.measureFromNow();
			long started = System.nanoTime();
			start.run();
			awaitRolledOut(workload, bound);
			Timing.report(scenario, "rollout-complete", Timing.since(started));
			Map<KubePod, ClusterView> views = awaitOneCluster(
					(pods) -> pods.size() == before.size()
							&& pods.stream().noneMatch((pod) -> oldUids.contains(pod.uid())),
					before.size() + " new pods", bound);
			Timing.report(scenario, "one-cluster-of-new-pods", Timing.since(started));
			System.out.printf("E2E-FIGURE scenario=%s metric=min-ready-http-endpoints value=%d%n", scenario,
					endpoints.minimum());
			System.out.println("[e2e] ready endpoints of the " + httpService + " Service during the rollout:\n  "
					+ String.join("\n  ", endpoints.changes()));
			assertThat(endpoints.minimum()).as("the fewest ready endpoints during the rollout: %s", endpoints.changes())
				.isPositive();
			return views;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while closing the watch", ex);
		}
	}

	/**
	 * Scale a workload to 0 and force-delete its pods (their processes are killed at
	 * once, no preStop hook, no graceful shutdown), then wait until no pod is left and
	 * every process of their containers has exited: what follows starts cold.
	 * @param workload e.g. {@code deployment/sample-app}
	 */
	void stopEveryPod(String workload) {
		List<ProcessHandle> processes = allPods().stream().flatMap((pod) -> pod.processes().stream()).toList();
		kubectl("scale", workload, "--replicas=0");
		await("no pod left in " + this.namespace).atMost(Duration.ofMinutes(1))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> {
				List<String> left = allPods().stream().map(KubePod::name).toList();
				if (!left.isEmpty()) {
					List<String> delete = new ArrayList<>(
							List.of("delete", "pod", "--grace-period=0", "--force", "--ignore-not-found"));
					delete.addAll(left);
					kubectl(delete.toArray(String[]::new));
				}
				assertThat(left).as("pods").isEmpty();
			});
		await("every container process gone").atMost(Duration.ofMinutes(1))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(processes).noneMatch(ProcessHandle::isAlive));
	}

	/** The HTTP APIs of these pods. */
	static List<PodHttp> http(List<KubePod> pods) {
		return pods.stream().map(KubePod::http).toList();
	}

	/**
	 * The pod that is the oldest member (Hazelcast's master), as the first pod sees it.
	 */
	static KubePod oldest(List<KubePod> pods) {
		String address = pods.get(0)
			.http()
			.cluster()
			.members()
			.stream()
			.filter(ClusterView.Member::oldest)
			.map(ClusterView.Member::address)
			.findFirst()
			.orElseThrow(() -> new AssertionError("No member is marked oldest"));
		return pods.stream()
			.filter((pod) -> pod.memberAddress().equals(address))
			.findFirst()
			.orElseThrow(() -> new AssertionError("The oldest member " + address + " is none of " + pods));
	}

}
