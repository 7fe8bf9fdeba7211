package dev.podcluster.testsupport.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the virtual Nodes as kubelet registers itself, keeps their Leases in
 * {@code kube-node-lease} fresh (every 10 s, retried every second while the API server
 * does not answer) and their Ready heartbeat current (every 40 s, and at once when the
 * Node is not Ready in the API: the node lifecycle controller marks a Node whose Lease it
 * did not see renewed), and learns their pod CIDRs.
 */
final class NodeRegistration {

	private static final Logger logger = LoggerFactory.getLogger(NodeRegistration.class);

	static final String LEASE_NAMESPACE = "kube-node-lease";

	static final int LEASE_DURATION_SECONDS = 40;

	private static final Duration RENEW_INTERVAL = Duration.ofSeconds(10);

	private static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(40);

	static final String RUNTIME_VERSION = "kube-bed://0.1";

	private final KubernetesClient client;

	private final AgentOptions options;

	private final String kubeletVersion;

	private final ImageCatalog images;

	private final PodNetwork network;

	private final Map<String, String> uids = new ConcurrentHashMap<>();

	private final Set<String> ready = ConcurrentHashMap.newKeySet();

	private final Map<String, String> readySince = new ConcurrentHashMap<>();

	private final Map<String, Instant> renewed = new ConcurrentHashMap<>();

	private final Map<String, Instant> posted = new ConcurrentHashMap<>();

	private final Set<String> failing = ConcurrentHashMap.newKeySet();

	NodeRegistration(KubernetesClient client, AgentOptions options, String kubeletVersion, ImageCatalog images,
			PodNetwork network) {
		this.client = client;
		this.options = options;
		this.kubeletVersion = kubeletVersion;
		this.images = images;
		this.network = network;
	}

	/**
	 * Register the Nodes and keep them alive.
	 * @param scheduler runs the renewals
	 */
	void start(ScheduledExecutorService scheduler) {
		for (VirtualNode node : this.options.nodes()) {
			register(node);
		}
		scheduler.scheduleWithFixedDelay(this::keepAlive, 0, 1, TimeUnit.SECONDS);
		scheduler.scheduleWithFixedDelay(this::learnPodCidrs, 0, 1, TimeUnit.SECONDS);
	}

	/** Whether every Node is registered, reported Ready and has its pod CIDR. */
	boolean allReady() {
		return this.options.nodes()
			.stream()
			.allMatch((node) -> this.ready.contains(node.name()) && this.network.hasNode(node.name()));
	}

	private void register(VirtualNode node) {
		Node object = new NodeBuilder().withNewMetadata()
			.withName(node.name())
			.withLabels(labels(node))
			.withAnnotations(Map.of("volumes.kubernetes.io/controller-managed-attach-detach", "true"))
			.endMetadata()
			.withNewSpec()
			.endSpec()
			.withStatus(status(node, true, "kubelet is posting ready status"))
			.build();
		Node registered;
		try {
			registered = this.client.nodes().resource(object).create();
			logger.info("Registered node {} in zone {}", node.name(), node.zone());
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() != 409) {
				throw ex;
			}
			String labels = this.client.getKubernetesSerialization()
				.asJson(Map.of("metadata", Map.of("labels", labels(node))));
			registered = this.client.nodes().withName(node.name()).patch(PatchContext.of(PatchType.JSON_MERGE), labels);
			logger.info("Node {} was registered before: taking it over", node.name());
		}
		this.uids.put(node.name(), registered.getMetadata().getUid());
		patchStatus(node, true, "kubelet is posting ready status");
		this.posted.put(node.name(), Instant.now());
		this.ready.add(node.name());
	}

	private Map<String, String> labels(VirtualNode node) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("kubernetes.io/hostname", node.name());
		labels.put("kubernetes.io/os", "linux");
		labels.put("kubernetes.io/arch", "amd64");
		labels.put("beta.kubernetes.io/os", "linux");
		labels.put("beta.kubernetes.io/arch", "amd64");
		labels.put("topology.kubernetes.io/zone", node.zone());
		labels.put("topology.kubernetes.io/region", "kube-bed");
		return labels;
	}

	private void patchStatus(VirtualNode node, boolean isReady, String message) {
		NodeStatus status = status(node, isReady, message);
		String patch = this.client.getKubernetesSerialization().asJson(Map.of("status", status));
		this.client.nodes()
			.withName(node.name())
			.subresource("status")
			.patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
	}

	private NodeStatus status(VirtualNode node, boolean isReady, String message) {
		String now = Times.now();
		String readyStatus = isReady ? "True" : "False";
		String since = this.readySince.compute(node.name() + "/" + readyStatus,
				(key, previous) -> (previous != null) ? previous : now);
		List<NodeCondition> conditions = new ArrayList<>();
		conditions.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
				"kubelet has sufficient memory available", now,
				this.readySince.computeIfAbsent(node.name() + "/m", (k) -> now)));
		conditions.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
				now, this.readySince.computeIfAbsent(node.name() + "/d", (k) -> now)));
		conditions
			.add(condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
					now, this.readySince.computeIfAbsent(node.name() + "/p", (k) -> now)));
		conditions
			.add(condition("Ready", readyStatus, isReady ? "KubeletReady" : "KubeletNotReady", message, now, since));
		Map<String, Quantity> capacity = new LinkedHashMap<>();
		FieldValues.NODE_ALLOCATABLE.forEach((name, amount) -> capacity.put(name, new Quantity(amount)));
		NodeStatusBuilder status = new NodeStatusBuilder().withCapacity(capacity)
			.withAllocatable(capacity)
			.withConditions(conditions)
			.addNewAddress()
			.withType("InternalIP")
			.withAddress(this.options.gateway())
			.endAddress()
			.addNewAddress()
			.withType("Hostname")
			.withAddress(node.name())
			.endAddress()
			.withNewDaemonEndpoints()
			.withNewKubeletEndpoint()
			.withPort(10250)
			.endKubeletEndpoint()
			.endDaemonEndpoints()
			.withNewNodeInfo()
			.withArchitecture("amd64")
			.withOperatingSystem("linux")
			.withOsImage(osImage())
			.withKernelVersion(System.getProperty("os.version"))
			.withKubeletVersion(this.kubeletVersion)
			.withContainerRuntimeVersion(RUNTIME_VERSION)
			.withMachineID(UUID.nameUUIDFromBytes(("machine/" + node.name()).getBytes(StandardCharsets.UTF_8))
				.toString()
				.replace("-", ""))
			.withSystemUUID(
					UUID.nameUUIDFromBytes(("system/" + node.name()).getBytes(StandardCharsets.UTF_8)).toString())
			.withBootID(read(Path.of("/proc/sys/kernel/random/boot_id"), ""))
			.endNodeInfo();
		for (String image : this.images.images()) {
			status.addNewImage().withNames(image).withSizeBytes(0L).endImage();
		}
		return status.build();
	}

	private static NodeCondition condition(String type, String status, String reason, String message, String heartbeat,
			String transition) {
		return new NodeConditionBuilder().withType(type)
			.withStatus(status)
			.withReason(reason)
			.withMessage(message)
			.withLastHeartbeatTime(heartbeat)
			.withLastTransitionTime(transition)
			.build();
	}

	private void keepAlive() {
		Instant now = Instant.now();
		for (VirtualNode node : this.options.nodes()) {
			Instant renewedAt = this.renewed.get(node.name());
			if (renewedAt != null && now.isBefore(renewedAt.plus(RENEW_INTERVAL))) {
				continue;
			}
			try {
				renewLease(node);
				this.renewed.put(node.name(), now);
				Instant postedAt = this.posted.get(node.name());
				if (postedAt == null || !now.isBefore(postedAt.plus(HEARTBEAT_INTERVAL)) || !reportedReady(node)) {
					patchStatus(node, true, "kubelet is posting ready status");
					this.posted.put(node.name(), now);
				}
				if (this.failing.remove(node.name())) {
					logger.info("Node {}: lease and status posted again", node.name());
				}
			}
			catch (RuntimeException ex) {
				// Once per outage, then every second again without a word.
				if (this.failing.add(node.name())) {
					logger.warn("Could not renew the lease of node {} (retried every second): {}", node.name(),
							ex.getMessage());
				}
			}
		}
	}

	/** Whether the API has the Node Ready (the node lifecycle controller may not). */
	private boolean reportedReady(VirtualNode node) {
		Node current = this.client.nodes().withName(node.name()).get();
		return current != null && current.getStatus() != null && current.getStatus().getConditions() != null
				&& current.getStatus()
					.getConditions()
					.stream()
					.anyMatch(
							(condition) -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
	}

	private void renewLease(VirtualNode node) {
		Instant now = Instant.now();
		var leases = this.client.leases().inNamespace(LEASE_NAMESPACE);
		Lease existing = leases.withName(node.name()).get();
		if (existing == null) {
			Lease lease = new LeaseBuilder().withNewMetadata()
				.withName(node.name())
				.withNamespace(LEASE_NAMESPACE)
				.addNewOwnerReference()
				.withApiVersion("v1")
				.withKind("Node")
				.withName(node.name())
				.withUid(this.uids.get(node.name()))
				.endOwnerReference()
				.endMetadata()
				.withNewSpec()
				.withHolderIdentity(node.name())
				.withLeaseDurationSeconds(LEASE_DURATION_SECONDS)
				.withRenewTime(Times.micro(now))
				.endSpec()
				.build();
			leases.resource(lease).create();
			return;
		}
		existing.getSpec().setRenewTime(Times.micro(now));
		existing.getSpec().setHolderIdentity(node.name());
		existing.getSpec().setLeaseDurationSeconds(LEASE_DURATION_SECONDS);
		leases.resource(existing).update();
	}

	private void learnPodCidrs() {
		for (VirtualNode node : this.options.nodes()) {
			if (this.network.hasNode(node.name())) {
				continue;
			}
			try {
				Node current = this.client.nodes().withName(node.name()).get();
				if (current != null && current.getSpec() != null && current.getSpec().getPodCIDR() != null) {
					this.network.addNode(node.name(), current.getSpec().getPodCIDR());
					logger.info("Node {} has pod CIDR {}", node.name(), current.getSpec().getPodCIDR());
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not read node {}: {}", node.name(), ex.getMessage());
			}
		}
	}

	/**
	 * Report every Node NotReady, as a kubelet that stops would be seen (best effort).
	 */
	void markNotReady() {
		for (VirtualNode node : this.options.nodes()) {
			try {
				patchStatus(node, false, "kube-bed node agent stopped");
			}
			catch (RuntimeException ex) {
				logger.debug("Could not mark node {} NotReady", node.name(), ex);
			}
		}
	}

	private static String osImage() {
		for (String line : read(Path.of("/etc/os-release"), "").split("\n")) {
			if (line.startsWith("PRETTY_NAME=")) {
				return line.substring("PRETTY_NAME=".length()).replace("\"", "");
			}
		}
		return "Linux";
	}

	private static String read(Path file, String fallback) {
		try {
			return Files.readString(file).strip();
		}
		catch (IOException ex) {
			return fallback;
		}
	}

}
