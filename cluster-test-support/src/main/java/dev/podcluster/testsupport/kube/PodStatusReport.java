package dev.podcluster.testsupport.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodReadinessGate;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pod's status as kubelet computes it (phase, conditions, container statuses, IPs),
 * written to the {@code pods/status} subresource when it changes, and written again when
 * the API's copy says otherwise: the node lifecycle controller marks the pods of a Node
 * it lost NotReady, and kubelet's status manager puts its own view back once the Node is
 * reachable again.
 */
final class PodStatusReport {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final KubernetesClient client;

	private final String uid;

	private @Nullable String lastSent;

	/** The API's version of the pod that was last corrected, corrected once each. */
	private @Nullable String correctedVersion;

	private boolean sandboxRemoved;

	/**
	 * Each condition's status and when it took it, so a lagging informer copy cannot move
	 * the time.
	 */
	private final Map<String, String[]> transitions = new HashMap<>();

	PodStatusReport(KubernetesClient client, String uid) {
		this.client = client;
		this.uid = uid;
	}

	void sandboxRemoved() {
		this.sandboxRemoved = true;
	}

	boolean isSandboxRemoved() {
		return this.sandboxRemoved;
	}

	void publish(Pod pod, Instant startTime, @Nullable PodSandbox sandbox, @Nullable String sandboxProblem,
			List<ContainerRun> initContainers, List<ContainerRun> containers, String hostIp, boolean terminal) {
		PodStatus status = status(pod, startTime, sandbox, initContainers, containers, hostIp, terminal);
		String json = this.client.getKubernetesSerialization().asJson(status);
		String version = pod.getMetadata().getResourceVersion();
		if (json.equals(this.lastSent)) {
			// The same version is corrected once: a copy that lags behind our own patch
			// (the informer's) is not a reason to send on every tick.
			if (agrees(pod.getStatus(), status) || Objects.equals(version, this.correctedVersion)) {
				return;
			}
			this.correctedVersion = version;
		}
		String patch = patch(json);
		this.client.pods()
			.inNamespace(pod.getMetadata().getNamespace())
			.withName(pod.getMetadata().getName())
			.subresource("status")
			.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
		this.lastSent = json;
	}

	/**
	 * Whether the API's copy of a pod's status shows what we sent: the same phase and
	 * each of our conditions with the same status.
	 * @param api the status in the API's copy of the pod
	 * @param ours the status we computed
	 * @return whether nothing needs to be written again
	 */
	static boolean agrees(@Nullable PodStatus api, PodStatus ours) {
		if (api == null || !Objects.equals(api.getPhase(), ours.getPhase())) {
			return false;
		}
		Map<String, String> conditions = new HashMap<>();
		if (api.getConditions() != null) {
			api.getConditions().forEach((condition) -> conditions.put(condition.getType(), condition.getStatus()));
		}
		return ours.getConditions()
			.stream()
			.allMatch((condition) -> condition.getStatus().equals(conditions.get(condition.getType())));
	}

	/**
	 * The strategic merge patch: conditions merge by type, so a condition's reason and
	 * message that no longer apply are removed explicitly.
	 */
	@SuppressWarnings("unchecked")
	private String patch(String statusJson) {
		Map<String, Object> status = MAPPER.readValue(statusJson, Map.class);
		Object conditions = status.get("conditions");
		if (conditions instanceof List<?> list) {
			for (Object condition : list) {
				((Map<String, Object>) condition).putIfAbsent("reason", null);
				((Map<String, Object>) condition).putIfAbsent("message", null);
			}
		}
		Map<String, Object> patch = new LinkedHashMap<>();
		patch.put("metadata", Map.of("uid", this.uid));
		patch.put("status", status);
		return MAPPER.writeValueAsString(patch);
	}

	PodStatus status(Pod pod, Instant startTime, @Nullable PodSandbox sandbox, List<ContainerRun> initContainers,
			List<ContainerRun> containers, String hostIp, boolean terminal) {
		PodStatus current = (pod.getStatus() != null) ? pod.getStatus() : new PodStatus();
		String phase = phase(pod, initContainers, containers, terminal);
		boolean initialized = initContainers.stream().allMatch(ContainerRun::succeeded);
		List<String> unready = containers.stream().filter((run) -> !run.ready()).map(ContainerRun::name).toList();
		boolean completed = phase.equals("Succeeded") || phase.equals("Failed");
		Long generation = pod.getMetadata().getGeneration();
		List<PodCondition> conditions = new ArrayList<>();
		conditions.add(condition(current, "PodReadyToStartContainers", sandbox != null && !this.sandboxRemoved, null,
				null, generation));
		if (initialized) {
			conditions.add(condition(current, "Initialized", true, null, null, generation));
		}
		else {
			List<String> incomplete = initContainers.stream()
				.filter((run) -> !run.succeeded())
				.map(ContainerRun::name)
				.toList();
			conditions.add(condition(current, "Initialized", false, "ContainersNotInitialized",
					"containers with incomplete status: " + incomplete, generation));
		}
		boolean containersReady = unready.isEmpty() && !completed;
		String reason = completed ? "PodCompleted" : "ContainersNotReady";
		String message = completed ? null : "containers with unready status: " + unready;
		conditions.add(condition(current, "ContainersReady", containersReady, containersReady ? null : reason,
				containersReady ? null : message, generation));
		List<String> gates = unreadyGates(pod, current);
		boolean ready = containersReady && gates.isEmpty();
		if (!containersReady) {
			conditions.add(condition(current, "Ready", false, reason, message, generation));
		}
		else if (!gates.isEmpty()) {
			conditions.add(condition(current, "Ready", false, "ReadinessGatesNotReady",
					"corresponding condition of pod readiness gate \"" + gates.get(0) + "\" does not exist.",
					generation));
		}
		else {
			conditions.add(condition(current, "Ready", ready, null, null, generation));
		}
		PodStatusBuilder status = new PodStatusBuilder().withPhase(phase)
			.withConditions(conditions)
			.withHostIP(hostIp)
			.addNewHostIP(hostIp)
			.withStartTime(Times.format(startTime))
			.withQosClass((current.getQosClass() != null) ? current.getQosClass() : qosClass(pod))
			.withObservedGeneration(generation);
		if (sandbox != null) {
			status.withPodIP(sandbox.ip()).addNewPodIP(sandbox.ip());
		}
		List<ContainerStatus> statuses = new ArrayList<>();
		for (ContainerRun run : containers) {
			statuses.add(run.status());
		}
		status.withContainerStatuses(statuses);
		if (!initContainers.isEmpty()) {
			List<ContainerStatus> initStatuses = new ArrayList<>();
			for (ContainerRun run : initContainers) {
				initStatuses.add(run.status());
			}
			status.withInitContainerStatuses(initStatuses);
		}
		return status.build();
	}

	/** Kubelet's getPhase. */
	static String phase(Pod pod, List<ContainerRun> initContainers, List<ContainerRun> containers, boolean terminal) {
		String policy = (pod.getSpec().getRestartPolicy() != null) ? pod.getSpec().getRestartPolicy() : "Always";
		for (ContainerRun run : initContainers) {
			if (!run.succeeded()) {
				if (run.done() && run.terminated() != null && run.terminated().getExitCode() != 0
						&& policy.equals("Never")) {
					return "Failed";
				}
				if (!terminal) {
					return "Pending";
				}
			}
		}
		int running = 0;
		int waiting = 0;
		int stopped = 0;
		int succeeded = 0;
		for (ContainerRun run : containers) {
			if (run.running()) {
				running++;
			}
			else if (run.terminated() != null) {
				stopped++;
				if (run.terminated().getExitCode() == 0) {
					succeeded++;
				}
			}
			else if (run.lastTerminated() != null) {
				stopped++;
			}
			else {
				waiting++;
			}
		}
		if (terminal && running == 0) {
			// A pod that stopped for good (deleted, or all containers done) ends in a
			// terminal phase.
			return (stopped > 0 && stopped == succeeded && waiting == 0) ? "Succeeded" : "Failed";
		}
		if (waiting > 0) {
			return "Pending";
		}
		if (running > 0) {
			return "Running";
		}
		if (stopped > 0) {
			if (policy.equals("Always")) {
				return "Running";
			}
			if (stopped == succeeded) {
				return "Succeeded";
			}
			if (policy.equals("Never")) {
				return "Failed";
			}
			return "Running";
		}
		return "Pending";
	}

	private static List<String> unreadyGates(Pod pod, PodStatus current) {
		List<String> unready = new ArrayList<>();
		if (pod.getSpec().getReadinessGates() == null) {
			return unready;
		}
		for (PodReadinessGate gate : pod.getSpec().getReadinessGates()) {
			boolean met = current.getConditions() != null && current.getConditions()
				.stream()
				.anyMatch((condition) -> condition.getType().equals(gate.getConditionType())
						&& "True".equals(condition.getStatus()));
			if (!met) {
				unready.add(gate.getConditionType());
			}
		}
		return unready;
	}

	private PodCondition condition(PodStatus current, String type, boolean value, @Nullable String reason,
			@Nullable String message, @Nullable Long generation) {
		String status = value ? "True" : "False";
		String[] known = this.transitions.get(type);
		String transition;
		if (known != null && known[0].equals(status)) {
			transition = known[1];
		}
		else {
			transition = (known == null) ? existingTransition(current, type, status) : null;
			if (transition == null) {
				transition = Times.now();
			}
			this.transitions.put(type, new String[] { status, transition });
		}
		return new PodConditionBuilder().withType(type)
			.withStatus(status)
			.withReason(reason)
			.withMessage(message)
			.withLastTransitionTime(transition)
			.withObservedGeneration(generation)
			.build();
	}

	private static @Nullable String existingTransition(PodStatus current, String type, String status) {
		if (current.getConditions() != null) {
			for (PodCondition existing : current.getConditions()) {
				if (existing.getType().equals(type) && status.equals(existing.getStatus())) {
					return existing.getLastTransitionTime();
				}
			}
		}
		return null;
	}

	static String qosClass(Pod pod) {
		boolean any = false;
		boolean guaranteed = true;
		List<Container> all = new ArrayList<>(pod.getSpec().getContainers());
		if (pod.getSpec().getInitContainers() != null) {
			all.addAll(pod.getSpec().getInitContainers());
		}
		for (Container container : all) {
			var limits = (container.getResources() != null) ? container.getResources().getLimits() : null;
			var requests = (container.getResources() != null) ? container.getResources().getRequests() : null;
			any |= (limits != null && !limits.isEmpty()) || (requests != null && !requests.isEmpty());
			for (String resource : List.of("cpu", "memory")) {
				Quantity limit = (limits != null) ? limits.get(resource) : null;
				Quantity request = (requests != null) ? requests.get(resource) : null;
				if (limit == null || (request != null
						&& !Objects.equals(Quantity.getAmountInBytes(limit), Quantity.getAmountInBytes(request))
						&& Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(request)) != 0)) {
					guaranteed = false;
				}
			}
		}
		if (!any) {
			return "BestEffort";
		}
		return guaranteed ? "Guaranteed" : "Burstable";
	}

}
