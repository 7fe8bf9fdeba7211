package dev.podcluster.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.podcluster.testsupport.pod.Pod;

/**
 * Waits, through each pod's {@code /actuator/cluster}, until pods agree on one cluster.
 */
final class Convergence {

	static final Duration POLL_INTERVAL = Duration.ofMillis(250);

	private Convergence() {
	}

	/**
	 * Wait until every pod answers, is ACTIVE and sees exactly these pods as members.
	 * @param pods the pods that make the cluster
	 * @param sinceNanos {@link System#nanoTime()} the measured time counts from
	 * @param atMost the bound
	 * @return the time from {@code sinceNanos} until the pods agreed
	 */
	static Duration awaitOneCluster(Collection<Pod> pods, long sinceNanos, Duration atMost) {
		await("one cluster of " + names(pods)).atMost(atMost)
			.pollDelay(Duration.ZERO)
			.pollInterval(POLL_INTERVAL)
			.untilAsserted(() -> assertOneCluster(pods));
		return Timing.since(sinceNanos);
	}

	/**
	 * Check, once, that every pod answers, is ACTIVE and sees exactly these pods as
	 * members.
	 * @param pods the pods that make the cluster
	 * @return each pod's view
	 */
	static Map<Pod, ClusterView> assertOneCluster(Collection<Pod> pods) {
		Set<String> expected = pods.stream()
			.map(SampleApp::memberAddress)
			.collect(Collectors.toCollection(TreeSet::new));
		Map<Pod, String> problems = new LinkedHashMap<>();
		Map<Pod, String> seen = new LinkedHashMap<>();
		Map<Pod, ClusterView> views = new LinkedHashMap<>();
		for (Pod pod : pods) {
			try {
				ClusterView view = ClusterView.of(pod);
				views.put(pod, view);
				Set<String> members = new TreeSet<>(view.memberAddresses());
				seen.put(pod, members + " size=" + view.size() + " state=" + view.state());
				if (!members.equals(expected) || view.size() != expected.size() || !"ACTIVE".equals(view.state())) {
					problems.put(pod, view.json());
				}
			}
			catch (RuntimeException ex) {
				problems.put(pod, "no answer: " + ex.getMessage());
			}
		}
		if (!problems.isEmpty()) {
			StringBuilder message = new StringBuilder("Expected one ACTIVE cluster of ").append(expected).append('\n');
			seen.forEach((pod, view) -> message.append("  ").append(pod).append(" sees ").append(view).append('\n'));
			problems
				.forEach((pod, problem) -> message.append("  ").append(pod).append(": ").append(problem).append('\n'));
			throw new AssertionError(message.toString());
		}
		return views;
	}

	/** When the first of these pods was started, {@link System#nanoTime()}. */
	static long firstStart(Collection<Pod> pods) {
		return pods.stream().mapToLong(Pod::startedNanos).min().orElseThrow();
	}

	static String names(Collection<Pod> pods) {
		return pods.stream().map(Pod::name).toList().toString();
	}

}
