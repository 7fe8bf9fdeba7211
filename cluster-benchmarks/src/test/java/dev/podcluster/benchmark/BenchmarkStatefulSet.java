package dev.podcluster.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.podcluster.e2e.KubeBed;
import dev.podcluster.e2e.KubePod;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One contender's StatefulSet {@code sample-app} in namespace {@code bench} of a
 * kube-bed, applied from a kustomization with {@code kubectl apply -k} and driven with
 * {@code kubectl}: scaled to the size measured, its pods crashed, and all of it removed
 * at once before the next contender.
 */
final class BenchmarkStatefulSet {

	static final String NAMESPACE = "bench";

	/** The StatefulSet, and the prefix of its pods' names. */
	static final String NAME = "sample-app";

	/** The headless Service of the StatefulSet's {@code serviceName}. */
	static final String SERVICE = "sample-app-cluster";

	private static final String CONTAINER = "sample-app";

	private static final String SELECTOR = "app.kubernetes.io/name=sample-app";

	private static final Duration RUNNING_BOUND = Duration.ofSeconds(120);

	private static final Duration GONE_BOUND = Duration.ofSeconds(60);

	private final KubeBed bed;

	private final List<ProcessHandle> started = new ArrayList<>();

	private BenchmarkStatefulSet(KubeBed bed) {
		this.bed = bed;
	}

	/**
	 * Apply a contender's kustomization (its StatefulSet with no replicas) and add
	 * variables to its pod template.
	 * @param bed the bed
	 * @param kustomization the directory, relative to the repository
	 * @param environment variables set with {@code kubectl set env}, none for the
	 * kustomization as it is
	 * @return the StatefulSet
	 */
	static BenchmarkStatefulSet apply(KubeBed bed, String kustomization, Map<String, String> environment) {
		bed.kubectl("apply", "-k", kustomization);
		if (!environment.isEmpty()) {
			List<String> command = new ArrayList<>(List.of("-n", NAMESPACE, "set", "env", "statefulset/" + NAME));
			environment.forEach((name, value) -> command.add(name + "=" + value));
			bed.kubectl(command.toArray(String[]::new));
		}
		return new BenchmarkStatefulSet(bed);
	}

	/**
	 * Scale to this many replicas and wait until each pod's container runs.
	 * @param replicas the replicas
	 * @return the pods, by name
	 */
	List<KubePod> scaleTo(int replicas) {
		this.bed.kubectl("-n", NAMESPACE, "scale", "statefulset/" + NAME, "--replicas=" + replicas);
		long deadline = System.nanoTime() + RUNNING_BOUND.toNanos();
		while (true) {
			List<KubePod> pods = pods();
			if (pods.size() == replicas
					&& pods.stream().allMatch((pod) -> !pod.ip().isEmpty() && !pod.containerId().isEmpty())) {
				pods.forEach((pod) -> ProcessHandle.of(pod.containerPid()).ifPresent(this.started::add));
				return pods;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not " + replicas + " running pods within " + RUNNING_BOUND.toSeconds()
						+ " s: " + pods + "\n" + this.bed.podReport());
			}
			BenchmarkMembership.sleep(Duration.ofMillis(200));
		}
	}

	/** The pods not being deleted, by name. */
	List<KubePod> pods() {
		return this.bed.kubectlJson("-n", NAMESPACE, "get", "pods", "-l", SELECTOR, "-o", "json")
			.path("items")
			.values()
			.stream()
			.map(KubePod::of)
			.filter((pod) -> !pod.terminating())
			.sorted(Comparator.comparing(KubePod::name))
			.toList();
	}

	/**
	 * Wait until the pod's {@code Ready} condition is {@code True}.
	 * @param pod the pod
	 * @param bound how long to wait
	 * @return when the condition last turned {@code True} (its
	 * {@code lastTransitionTime}: the API server keeps whole seconds), {@code null} when
	 * it did not within the bound
	 */
	@Nullable Instant readySince(KubePod pod, Duration bound) {
		long deadline = System.nanoTime() + bound.toNanos();
		while (true) {
			JsonNode ready = this.bed.kubectlJson("-n", NAMESPACE, "get", "pod", pod.name(), "-o", "json")
				.path("status")
				.path("conditions")
				.values()
				.stream()
				.filter((condition) -> "Ready".equals(condition.path("type").asString(""))
						&& "True".equals(condition.path("status").asString("")))
				.findFirst()
				.orElse(null);
			if (ready != null) {
				return Instant.parse(ready.path("lastTransitionTime").asString());
			}
			if (System.nanoTime() > deadline) {
				return null;
			}
			BenchmarkMembership.sleep(Duration.ofMillis(500));
		}
	}

	/**
	 * From here on, deleted pods stay deleted: the StatefulSet goes, its pods stay
	 * ({@code --cascade=orphan}).
	 */
	void orphanPods() {
		this.bed.kubectl("-n", NAMESPACE, "delete", "statefulset", NAME, "--cascade=orphan", "--ignore-not-found");
	}

	/**
	 * A crash: SIGKILL of the pod's JVM, then the pod force-deleted, so that its
	 * container does not come back. Call {@link #orphanPods()} first, or the StatefulSet
	 * replaces it.
	 * @param pod the pod
	 */
	void kill(KubePod pod) {
		pod.signal("KILL");
		this.bed.kubectl("-n", NAMESPACE, "delete", "pod", pod.name(), "--grace-period=0", "--force");
	}

	/** Where a pod's container writes its first run's output. */
	Path log(KubePod pod) {
		return this.bed.containerLog(pod, CONTAINER, 0);
	}

	/**
	 * Remove the StatefulSet and force-delete its pods, then wait until every container
	 * it ran has exited, so that the next measurement has the machine to itself.
	 */
	void deleteAllNow() {
		orphanPods();
		this.bed.kubectl("-n", NAMESPACE, "delete", "pods", "-l", SELECTOR, "--grace-period=0", "--force",
				"--ignore-not-found");
		long deadline = System.nanoTime() + GONE_BOUND.toNanos();
		while (this.started.stream().anyMatch(ProcessHandle::isAlive)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"Containers " + this.started.stream().filter(ProcessHandle::isAlive).toList() + " still run "
								+ GONE_BOUND.toSeconds() + " s after their pods were deleted");
			}
			BenchmarkMembership.sleep(Duration.ofMillis(200));
		}
	}

	/**
	 * When the pod's container started: its process's start, as the node agent launched
	 * it.
	 * @param pod a running pod
	 * @return the instant
	 */
	static Instant launched(KubePod pod) {
		return ProcessHandle.of(pod.containerPid())
			.flatMap((process) -> process.info().startInstant())
			.orElseThrow(() -> new IllegalStateException("No start time of the container of " + pod));
	}

}
