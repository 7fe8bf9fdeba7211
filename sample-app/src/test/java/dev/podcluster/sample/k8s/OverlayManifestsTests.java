package dev.podcluster.sample.k8s;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.podcluster.sample.k8s.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What each overlay deploys: checked against the starter's contract and Kubernetes'
 * rules, after reading every object strictly into fabric8's typed model.
 */
class OverlayManifestsTests {

	static final String CLUSTER_SERVICE = "sample-app-cluster";

	static final String HTTP_SERVICE = "sample-app";

	static final int HAZELCAST_PORT = 5701;

	static final int HTTP_PORT = 8080;

	static final int MANAGEMENT_PORT = 8081;

	static List<String> overlays() {
		return Overlay.names();
	}

	@Test
	void thereIsOneOverlayPerWorkloadKind() {
		assertThat(Overlay.names()).containsExactly("deployment", "statefulset");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void overlayDeploysTheBaseAndOneWorkloadWithStableApiVersions(String name) {
		Overlay overlay = Overlay.render(name);
		assertThat(overlay.manifests()).extracting(Manifest::id)
			.containsExactlyInAnyOrder("ConfigMap/sample-app-config", "Service/" + CLUSTER_SERVICE,
					"Service/" + HTTP_SERVICE, "PodDisruptionBudget/sample-app", "NetworkPolicy/sample-app",
					("statefulset".equals(name) ? "StatefulSet" : "Deployment") + "/sample-app");
		for (Manifest manifest : overlay.manifests()) {
			assertThat(manifest.object().getApiVersion()).as(manifest.id())
				.isIn("v1", "apps/v1", "policy/v1", "networking.k8s.io/v1");
			assertThat(manifest.object().getMetadata().getNamespace())
				.as("%s: no namespace, so `kubectl apply -n` decides", manifest.id())
				.isNull();
			assertThat(manifest.labels()).as("%s labels", manifest.id())
				.containsEntry("app.kubernetes.io/name", "sample-app");
		}
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void workloadSelectorSelectsItsPodTemplate(String name) {
		Overlay overlay = Overlay.render(name);
		assertThat(overlay.workloadSelector().getMatchLabels()).isNotEmpty();
		assertThat(Overlay.selects(overlay.workloadSelector(), overlay.podLabels()))
			.as("%s selector %s selects the pod labels %s", overlay.workload().getKind(), overlay.workloadSelector(),
					overlay.podLabels())
			.isTrue();
		assertThat(overlay.replicas()).isEqualTo(3);
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void headlessServicePublishesEveryPodUnderTheHazelcastPortName(String name) {
		Overlay overlay = Overlay.render(name);
		Service service = overlay.one(Service.class, CLUSTER_SERVICE);
		assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
		assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
		assertThat(Overlay.selects(service.getSpec().getSelector(), overlay.podLabels()))
			.as("selector %s selects the pods %s", service.getSpec().getSelector(), overlay.podLabels())
			.isTrue();
		ServicePort port = onlyElement(service.getSpec().getPorts());
		assertThat(port.getName()).isEqualTo("hazelcast");
		assertThat(port.getProtocol()).isEqualTo("TCP");
		assertThat(port.getPort()).isEqualTo(HAZELCAST_PORT);
		assertThat(targetPort(overlay.container(), port)).isEqualTo(HAZELCAST_PORT);
		assertThat(port.getAppProtocol()).as("a server-first protocol, declared to service meshes").isEqualTo("tcp");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void httpServiceExposesTheHttpPortOnEveryNode(String name) {
		Overlay overlay = Overlay.render(name);
		Service service = overlay.one(Service.class, HTTP_SERVICE);
		assertThat(service.getSpec().getType()).isEqualTo("NodePort");
		assertThat(service.getSpec().getClusterIP()).isNull();
		assertThat(Overlay.selects(service.getSpec().getSelector(), overlay.podLabels())).isTrue();
		ServicePort port = onlyElement(service.getSpec().getPorts());
		assertThat(port.getName()).isEqualTo("http");
		assertThat(port.getProtocol()).isEqualTo("TCP");
		assertThat(port.getPort()).isEqualTo(HTTP_PORT);
		assertThat(targetPort(overlay.container(), port)).isEqualTo(HTTP_PORT);
	}

	@Test
	void statefulSetMembersAreNamedThroughTheHeadlessServiceAndStartTogether() {
		StatefulSet statefulSet = onlyElement(Overlay.render("statefulset").all(StatefulSet.class));
		assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(CLUSTER_SERVICE);
		assertThat(statefulSet.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
		assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
	}

	@Test
	void deploymentMembersAreNamedAfterTheirPodIpAndRollOutWithoutShrinkingTheCluster() {
		Overlay overlay = Overlay.render("deployment");
		Deployment deployment = onlyElement(overlay.all(Deployment.class));
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
		PodSpec pod = overlay.podTemplate().getSpec();
		assertThat(pod.getHostname()).as("a shared hostname would give every pod the same DNS name").isNull();
		assertThat(pod.getSubdomain()).isNull();
		assertThat(fieldRef(overlay.container(), "POD_IP")).isEqualTo("status.podIP");
		IntOrString maxUnavailable = deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable();
		assertThat(maxUnavailable.getIntVal()).isZero();
	}

	@Test
	void bothOverlaysRunTheSamePod() {
		assertThat(Overlay.render("deployment").podTemplate()).isEqualTo(Overlay.render("statefulset").podTemplate());
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void containerGetsItsIdentityFromTheDownwardApi(String name) {
		Container container = Overlay.render(name).container();
		assertThat(fieldRef(container, "POD_IP")).isEqualTo("status.podIP");
		assertThat(fieldRef(container, "NAMESPACE")).isEqualTo("metadata.namespace");
		assertThat(env(container, "CLUSTER_KUBERNETES_SERVICENAME").getValue()).isEqualTo(CLUSTER_SERVICE);
		assertThat(env(container, "JAVA_TOOL_OPTIONS").getValue()).contains("-XX:MaxRAMPercentage=50");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void podGetsNoServiceLinksThatWouldSetClusterProperties(String name) {
		assertThat(Overlay.render(name).podTemplate().getSpec().getEnableServiceLinks())
			.as("a Service named cluster-hazelcast would inject CLUSTER_HAZELCAST_PORT=tcp://...")
			.isFalse();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void containerGetsItsZoneAndNodeFromTheDownwardApi(String name) {
		Container container = Overlay.render(name).container();
		assertThat(fieldRef(container, "CLUSTER_ZONE")).isEqualTo("metadata.labels['topology.kubernetes.io/zone']");
		assertThat(fieldRef(container, "CLUSTER_NODE")).isEqualTo("spec.nodeName");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void containerGetsItsWorkloadRevisionFromThePodLabels(String name) {
		Container container = Overlay.render(name).container();
		assertThat(fieldRef(container, "CONTROLLER_REVISION_HASH"))
			.isEqualTo("metadata.labels['controller-revision-hash']");
		assertThat(fieldRef(container, "POD_TEMPLATE_HASH")).isEqualTo("metadata.labels['pod-template-hash']");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void podsSpreadOverZonesYetScheduleInAClusterWithOneZone(String name) {
		Overlay overlay = Overlay.render(name);
		List<TopologySpreadConstraint> constraints = overlay.podTemplate().getSpec().getTopologySpreadConstraints();
		assertThat(constraints).extracting(TopologySpreadConstraint::getTopologyKey)
			.containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
		assertThat(constraints).allSatisfy((constraint) -> {
			assertThat(constraint.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
			assertThat(constraint.getMaxSkew()).isEqualTo(1);
			assertThat(Overlay.selects(constraint.getLabelSelector(), overlay.podLabels()))
				.as("the constraint counts the app's own pods")
				.isTrue();
		});
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void everyVariableSetIsOneTheAppReads(String name) {
		Set<String> variables = variablesSet(Overlay.render(name));
		assertThat(variables).isSubsetOf(AppEnvironment.known());
		assertThat(variables).contains("CLUSTER_KUBERNETES_SERVICENAME", "CLUSTER_DISCOVERY_DNS_PORTNAME");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void everyClusterVariableNamesAPropertyTheStarterDeclares(String name) {
		Map<String, String> declared = AppEnvironment.declaredClusterProperties();
		assertThat(declared).as("the starter's spring-configuration-metadata.json is on the test class path")
			.isNotEmpty();
		for (String variable : variablesSet(Overlay.render(name))) {
			if (variable.startsWith("CLUSTER_")) {
				assertThat(declared.keySet().stream().map(AppEnvironment::variable))
					.as("%s names one of the starter's properties %s", variable, declared.keySet())
					.contains(variable);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void configuredPortNameAndHazelcastPortMatchTheHeadlessService(String name) {
		Overlay overlay = Overlay.render(name);
		Map<String, String> data = configMap(overlay).getData();
		ServicePort port = onlyElement(overlay.one(Service.class, CLUSTER_SERVICE).getSpec().getPorts());
		assertThat(data).containsEntry("CLUSTER_DISCOVERY_DNS_PORTNAME", port.getName());
		assertThat(data.getOrDefault("CLUSTER_HAZELCAST_PORT", String.valueOf(HAZELCAST_PORT)))
			.isEqualTo(String.valueOf(port.getPort()));
		assertThat(data).containsEntry("CLUSTER_DISCOVERY_MODE", "dns-srv");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void containerPortsAreNamed(String name) {
		Container container = Overlay.render(name).container();
		assertThat(container.getPorts())
			.extracting(ContainerPort::getName, ContainerPort::getContainerPort, ContainerPort::getProtocol)
			.containsExactlyInAnyOrder(tuple("http", HTTP_PORT, "TCP"), tuple("hazelcast", HAZELCAST_PORT, "TCP"),
					tuple("management", MANAGEMENT_PORT, "TCP"));
		assertThat(configMap(Overlay.render(name)).getData()).containsEntry("MANAGEMENT_SERVER_PORT",
				String.valueOf(MANAGEMENT_PORT));
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void probesAskSpringBootsHealthGroupsOnTheManagementPort(String name) {
		Container container = Overlay.render(name).container();
		assertHttpProbe(container, container.getLivenessProbe(), "/actuator/health/liveness");
		assertHttpProbe(container, container.getReadinessProbe(), "/actuator/health/readiness");
		assertHttpProbe(container, container.getStartupProbe(), "/actuator/health/liveness");
		Probe startup = container.getStartupProbe();
		assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
			.as("seconds a slow first start gets before the kubelet restarts it")
			.isGreaterThanOrEqualTo(120);
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void podLeavesTheEndpointsBeforeItIsStopped(String name) {
		Overlay overlay = Overlay.render(name);
		assertThat(overlay.podTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(60L);
		List<String> preStop = overlay.container().getLifecycle().getPreStop().getExec().getCommand();
		assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
		assertThat(Integer.parseInt(preStop.get(1))).as("preStop sleep seconds").isBetween(5, 30);
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void memoryIsRequestedAndLimited(String name) {
		ResourceRequirements resources = Overlay.render(name).container().getResources();
		Map<String, Quantity> requests = resources.getRequests();
		Map<String, Quantity> limits = resources.getLimits();
		assertThat(requests).containsKeys("cpu", "memory");
		assertThat(limits).containsKey("memory");
		BigDecimal requested = Quantity.getAmountInBytes(requests.get("memory"));
		BigDecimal limit = Quantity.getAmountInBytes(limits.get("memory"));
		assertThat(limit).isGreaterThanOrEqualTo(requested).isGreaterThanOrEqualTo(new BigDecimal(512L << 20));
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void podMeetsTheRestrictedPodSecurityStandard(String name) {
		Overlay overlay = Overlay.render(name);
		PodSpec pod = overlay.podTemplate().getSpec();
		PodSecurityContext podSecurity = pod.getSecurityContext();
		SecurityContext security = overlay.container().getSecurityContext();
		assertThat(
				Boolean.TRUE.equals(podSecurity.getRunAsNonRoot()) || Boolean.TRUE.equals(security.getRunAsNonRoot()))
			.as("runAsNonRoot")
			.isTrue();
		assertThat(podSecurity.getRunAsUser()).isNotNull().isPositive();
		assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(security.getAllowPrivilegeEscalation()).isFalse();
		assertThat(security.getReadOnlyRootFilesystem()).isTrue();
		assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
		assertThat(security.getPrivileged()).isNotEqualTo(Boolean.TRUE);
		assertThat(pod.getAutomountServiceAccountToken()).as("DNS discovery needs no API token").isFalse();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void tmpIsAWritableEmptyDirOnTheReadOnlyRootFilesystem(String name) {
		Overlay overlay = Overlay.render(name);
		VolumeMount tmp = onlyElement(overlay.container()
			.getVolumeMounts()
			.stream()
			.filter((mount) -> "/tmp".equals(mount.getMountPath()))
			.toList());
		assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
		Volume volume = onlyElement(overlay.podTemplate()
			.getSpec()
			.getVolumes()
			.stream()
			.filter((candidate) -> candidate.getName().equals(tmp.getName()))
			.toList());
		assertThat(volume.getEmptyDir()).isNotNull();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void disruptionBudgetLetsOneMemberGoAtATime(String name) {
		Overlay overlay = Overlay.render(name);
		PodDisruptionBudget budget = onlyElement(overlay.all(PodDisruptionBudget.class));
		assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
		assertThat(budget.getSpec().getMinAvailable()).isNull();
		assertThat(Overlay.selects(budget.getSpec().getSelector(), overlay.podLabels())).isTrue();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void networkPolicyAdmitsOnlyMembersToTheHazelcastPort(String name) {
		Overlay overlay = Overlay.render(name);
		NetworkPolicy policy = onlyElement(overlay.all(NetworkPolicy.class));
		assertThat(Overlay.selects(policy.getSpec().getPodSelector(), overlay.podLabels())).isTrue();
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
		List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
		List<NetworkPolicyIngressRule> hazelcast = rules.stream()
			.filter((rule) -> admits(rule, HAZELCAST_PORT))
			.toList();
		assertThat(hazelcast).as("rules admitting TCP %d", HAZELCAST_PORT).isNotEmpty();
		for (NetworkPolicyIngressRule rule : hazelcast) {
			assertThat(rule.getFrom()).as("peers of a rule admitting %d", HAZELCAST_PORT).isNotEmpty();
			for (NetworkPolicyPeer peer : rule.getFrom()) {
				assertThat(peer.getIpBlock()).isNull();
				assertThat(peer.getNamespaceSelector()).as("only this namespace's pods").isNull();
				assertThat(peer.getPodSelector()).isNotNull();
				assertThat(Overlay.selects(peer.getPodSelector(), overlay.podLabels())).isTrue();
				assertThat(peer.getPodSelector().getMatchLabels()).isNotEmpty();
			}
		}
		assertThat(rules).as("a rule admitting anyone to TCP %d", HTTP_PORT)
			.anyMatch((rule) -> admits(rule, HTTP_PORT) && (rule.getFrom() == null || rule.getFrom().isEmpty()));
		assertThat(rules).as("rules admitting TCP %d (actuator)", MANAGEMENT_PORT)
			.filteredOn((rule) -> admits(rule, MANAGEMENT_PORT))
			.isNotEmpty()
			.allSatisfy((rule) -> assertThat(rule.getFrom()).as("peers admitted to %d", MANAGEMENT_PORT).isNotEmpty());
	}

	private static Set<String> variablesSet(Overlay overlay) {
		Container container = overlay.container();
		Set<String> variables = container.getEnv()
			.stream()
			.map(EnvVar::getName)
			.collect(Collectors.toCollection(TreeSet::new));
		for (EnvFromSource source : container.getEnvFrom()) {
			assertThat(source.getPrefix()).isNull();
			assertThat(source.getConfigMapRef()).as("envFrom a ConfigMap of the overlay").isNotNull();
			variables.addAll(overlay.one(ConfigMap.class, source.getConfigMapRef().getName()).getData().keySet());
		}
		return variables;
	}

	private static ConfigMap configMap(Overlay overlay) {
		EnvFromSource source = onlyElement(overlay.container().getEnvFrom());
		return overlay.one(ConfigMap.class, source.getConfigMapRef().getName());
	}

	static boolean admits(NetworkPolicyIngressRule rule, int port) {
		if (rule.getPorts() == null || rule.getPorts().isEmpty()) {
			return true;
		}
		for (NetworkPolicyPort candidate : rule.getPorts()) {
			String protocol = Objects.requireNonNullElse(candidate.getProtocol(), "TCP");
			if (!"TCP".equals(protocol)) {
				continue;
			}
			IntOrString value = candidate.getPort();
			if (value == null) {
				return true;
			}
			if (value.getIntVal() != null) {
				int end = Objects.requireNonNullElse(candidate.getEndPort(), value.getIntVal());
				if (value.getIntVal() <= port && port <= end) {
					return true;
				}
			}
			else {
				fail("NetworkPolicy ports are written as numbers here, found '%s'", value.getStrVal());
			}
		}
		return false;
	}

	private static void assertHttpProbe(Container container, @Nullable Probe probe, String path) {
		assertThat(probe).isNotNull();
		HTTPGetAction get = probe.getHttpGet();
		assertThat(get).as("an httpGet probe").isNotNull();
		assertThat(get.getPath()).isEqualTo(path);
		assertThat(get.getScheme()).isIn(null, "HTTP");
		assertThat(containerPort(container, get.getPort())).isEqualTo(MANAGEMENT_PORT);
		assertThat(get.getPort().getStrVal()).as("probes name the port").isEqualTo("management");
	}

	private static int targetPort(Container container, ServicePort port) {
		return containerPort(container,
				(port.getTargetPort() != null) ? port.getTargetPort() : new IntOrString(port.getPort()));
	}

	/** The container port a number or a port name stands for. */
	private static int containerPort(Container container, IntOrString port) {
		if (port.getIntVal() != null) {
			assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).contains(port.getIntVal());
			return port.getIntVal();
		}
		return onlyElement(container.getPorts()
			.stream()
			.filter((candidate) -> port.getStrVal().equals(candidate.getName()))
			.toList()).getContainerPort();
	}

	static EnvVar env(Container container, String name) {
		return onlyElement(container.getEnv().stream().filter((env) -> name.equals(env.getName())).toList());
	}

	static String fieldRef(Container container, String name) {
		EnvVar env = env(container, name);
		assertThat(env.getValue()).as("%s comes from the downward API, not a literal", name).isNull();
		return env.getValueFrom().getFieldRef().getFieldPath();
	}

	static <T> T onlyElement(@Nullable List<T> elements) {
		assertThat(elements).hasSize(1);
		return elements.get(0);
	}

}
