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
					result.add(assertOneCluster(pods));
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
