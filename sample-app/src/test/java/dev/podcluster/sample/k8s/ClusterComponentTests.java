package dev.podcluster.sample.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.podcluster.sample.k8s.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.podcluster.sample.k8s.OverlayManifestsTests.admits;
import static dev.podcluster.sample.k8s.OverlayManifestsTests.env;
import static dev.podcluster.sample.k8s.OverlayManifestsTests.fieldRef;
import static dev.podcluster.sample.k8s.OverlayManifestsTests.onlyElement;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code k8s/components/cluster} as a user adds it to a workload of their own, built by
 * the real kustomize: with a name prefix or suffix and a namespace, every name the
 * members read (the headless Service's, in the pod's annotation and the StatefulSet's
 * {@code serviceName}) is the renamed one, and every selector is the workload's.
 */
class ClusterComponentTests {

	private static final String COMPONENT = "k8s/components/cluster";

	private static final String ANNOTATION = "podcluster.dev/cluster-service";

	@Test
	void aStatefulSetWithANamePrefixAndANamespaceGetsEveryNameRewritten() {
		Overlay built = build("prefixed-statefulset", workload("StatefulSet", ""), """
				namespace: shop
				namePrefix: orders-
				""");
		assertThat(built.manifests()).extracting(Manifest::id)
			.containsExactlyInAnyOrder("StatefulSet/orders-app", "Service/orders-cluster",
					"NetworkPolicy/orders-cluster", "PodDisruptionBudget/orders-cluster");
		assertThat(built.manifests())
			.allSatisfy((manifest) -> assertThat(manifest.object().getMetadata().getNamespace()).as(manifest.id())
				.isEqualTo("shop"));
		StatefulSet statefulSet = onlyElement(built.all(StatefulSet.class));
		assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("orders-cluster");
		assertMembersOf(built, "orders-cluster");
	}

	@Test
	void aDeploymentWithANameSuffixAndANamespaceGetsEveryNameRewritten() {
		Overlay built = build("suffixed-deployment", workload("Deployment", ""), """
				namespace: shop
				nameSuffix: -blue
				""");
		assertThat(built.manifests()).extracting(Manifest::id)
			.containsExactlyInAnyOrder("Deployment/app-blue", "Service/cluster-blue", "NetworkPolicy/cluster-blue",
					"PodDisruptionBudget/cluster-blue");
		assertThat(built.manifests())
			.allSatisfy((manifest) -> assertThat(manifest.object().getMetadata().getNamespace()).as(manifest.id())
				.isEqualTo("shop"));
		assertMembersOf(built, "cluster-blue");
	}

	@Test
	void aParentKustomizationsPrefixReachesTheNamesTheComponentSet() {
		build("parent-base", workload("StatefulSet", ""), "");
		Overlay built = kustomize("parent", """
				namespace: shop
				namePrefix: orders-
				resources:
				  - ../parent-base
				""");
		StatefulSet statefulSet = onlyElement(built.all(StatefulSet.class));
		assertThat(statefulSet.getMetadata().getName()).isEqualTo("orders-app");
		assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("orders-cluster");
		assertMembersOf(built, "orders-cluster");
	}

	@Test
	void aStrategicMergePatchAboveTheComponentKeepsItsSettingsAsTheyWere() {
		// A kustomization that patches the workload built with the component: what the
		// component set keeps its type (the strict reader refuses a boolean written as a
		// string, which the API server refuses too).
		build("patched-base", workload("Deployment", ""), "");
		Overlay built = kustomize("patched", """
				resources:
				  - ../patched-base
				patches:
				  - patch: |-
				      apiVersion: apps/v1
				      kind: Deployment
				      metadata:
				        name: app
				      spec:
				        template:
				          spec:
				            terminationGracePeriodSeconds: 40
				""");
		assertThat(built.podTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(40);
		assertThat(built.podTemplate().getSpec().getEnableServiceLinks()).isFalse();
		assertMembersOf(built, "cluster");
	}

	@Test
	void theKubernetesApiComponentsMountTheTokenTheOverlaysLeaveOut() {
		// The overlays need no token for DNS SRV and turn it off; a member reading the
		// API
		// needs it.
		Path dir = directory("api-over-overlay");
		Path k8s = Manifests.k8sDir();
		Overlay built = kustomize("api-over-overlay",
				"""
						resources:
						  - %s
						components:
						  - %s
						  - %s
						""".formatted(dir.relativize(k8s.resolve("overlays/statefulset")),
						dir.relativize(k8s.resolve("components/kubernetes-api")),
						dir.relativize(k8s.resolve("components/pod-deletion-cost"))));
		assertThat(built.podTemplate().getSpec().getServiceAccountName()).isEqualTo("cluster");
		assertThat(built.podTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
		assertThat(env(built.container(), "CLUSTER_DISCOVERY_MODE").getValue()).isEqualTo("kubernetes-api");
	}

	@Test
	void theAppsOwnEnvironmentIsKeptAndAValueThatLooksLikeTheServiceNameIsLeftAlone() {
		Overlay built = build("own-environment", workload("StatefulSet", """
				          env:
				            - name: SPRING_PROFILES_ACTIVE
				              value: cluster
				"""), "namePrefix: orders-\n");
		Container container = built.container();
		assertThat(env(container, "SPRING_PROFILES_ACTIVE").getValue()).isEqualTo("cluster");
		assertThat(container.getEnv()).extracting(EnvVar::getName)
			.containsExactly("SPRING_PROFILES_ACTIVE", "POD_IP", "NAMESPACE", "CLUSTER_KUBERNETES_SERVICENAME",
					"CLUSTER_ZONE", "CLUSTER_NODE", "CONTROLLER_REVISION_HASH", "POD_TEMPLATE_HASH");
	}

	@Test
	void everyVariableTheComponentSetsIsOneTheAppReads() {
		Overlay built = build("prefixed-statefulset", workload("StatefulSet", ""), """
				namespace: shop
				namePrefix: orders-
				""");
		assertThat(built.container().getEnv()).extracting(EnvVar::getName)
			.isSubsetOf(AppEnvironment.known())
			.contains("POD_IP", "NAMESPACE", "CLUSTER_KUBERNETES_SERVICENAME");
	}

	@Test
	void theExamplesBuildTheirWorkloadWithTheComponent() {
		for (String example : List.of("statefulset", "deployment")) {
			Overlay built = new Overlay(example,
					Kustomize.build(Manifests.k8sDir().resolve("examples").resolve(example)));
			assertThat(built.manifests()).extracting(Manifest::id)
				.as("examples/%s", example)
				.containsExactlyInAnyOrder(
						("statefulset".equals(example) ? "StatefulSet" : "Deployment") + "/sample-app",
						"Service/cluster", "NetworkPolicy/cluster", "PodDisruptionBudget/cluster",
						"NetworkPolicy/http");
			assertThat(built.replicas()).isEqualTo(3);
			assertThat(built.container().getImage()).isEqualTo("sample-app:0.1.0-SNAPSHOT");
			assertMembersOf(built, "cluster");
			NetworkPolicy http = built.one(NetworkPolicy.class, "http");
			assertThat(Overlay.selects(http.getSpec().getPodSelector(), built.podLabels())).isTrue();
			assertThat(http.getSpec().getIngress()).as("examples/%s: HTTP from anyone", example)
				.anyMatch((rule) -> admits(rule, OverlayManifestsTests.HTTP_PORT)
						&& (rule.getFrom() == null || rule.getFrom().isEmpty()));
		}
	}

	/**
	 * What the component promises, once its objects and the workload are built: the
	 * headless Service named {@code service}, selecting the workload's pods; the pods
	 * reading that name, their address and namespace from the downward API; no service
	 * links; the member port only from members; one member at a time; and no reference
	 * left to the Service's name before the renaming.
	 */
	private static void assertMembersOf(Overlay built, String service) {
		Map<String, String> selector = built.workloadSelector().getMatchLabels();
		assertThat(selector).isNotEmpty();
		assertThat(built.podLabels()).containsAllEntriesOf(selector);

		Service headless = built.one(Service.class, service);
		assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
		assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
		assertThat(headless.getSpec().getSelector()).isEqualTo(selector);
		ServicePort port = onlyElement(headless.getSpec().getPorts());
		assertThat(port.getName()).isEqualTo("hazelcast");
		assertThat(port.getProtocol()).isEqualTo("TCP");
		assertThat(port.getPort()).isEqualTo(OverlayManifestsTests.HAZELCAST_PORT);
		assertThat(port.getTargetPort().getIntVal()).isEqualTo(OverlayManifestsTests.HAZELCAST_PORT);

		if (built.workload() instanceof StatefulSet statefulSet) {
			assertThat(statefulSet.getSpec().getServiceName()).isEqualTo(service);
		}
		assertThat(built.podTemplate().getMetadata().getAnnotations()).containsEntry(ANNOTATION, service);
		assertThat(built.podTemplate().getSpec().getEnableServiceLinks())
			.as("no CLUSTER_HAZELCAST_PORT=tcp://... from a Service named cluster-hazelcast")
			.isFalse();
		Container container = built.container();
		assertThat(fieldRef(container, "CLUSTER_KUBERNETES_SERVICENAME"))
			.isEqualTo("metadata.annotations['" + ANNOTATION + "']");
		assertThat(fieldRef(container, "POD_IP")).isEqualTo("status.podIP");
		assertThat(fieldRef(container, "NAMESPACE")).isEqualTo("metadata.namespace");
		assertThat(fieldRef(container, "CLUSTER_ZONE")).isEqualTo("metadata.labels['topology.kubernetes.io/zone']");
		assertThat(fieldRef(container, "CLUSTER_NODE")).isEqualTo("spec.nodeName");
		assertThat(fieldRef(container, "CONTROLLER_REVISION_HASH"))
			.isEqualTo("metadata.labels['controller-revision-hash']");
		assertThat(fieldRef(container, "POD_TEMPLATE_HASH")).isEqualTo("metadata.labels['pod-template-hash']");

		NetworkPolicy policy = built.one(NetworkPolicy.class, service);
		assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(selector);
		assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
		NetworkPolicyIngressRule rule = onlyElement(policy.getSpec().getIngress());
		assertThat(admits(rule, OverlayManifestsTests.HAZELCAST_PORT)).isTrue();
		assertThat(admits(rule, OverlayManifestsTests.HTTP_PORT)).as("the rule admits the member port only").isFalse();
		NetworkPolicyPeer peer = onlyElement(rule.getFrom());
		assertThat(peer.getNamespaceSelector()).as("only this namespace's pods").isNull();
		assertThat(peer.getIpBlock()).isNull();
		assertThat(peer.getPodSelector().getMatchLabels()).isEqualTo(selector);

		PodDisruptionBudget budget = built.one(PodDisruptionBudget.class, service);
		assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
		assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(selector);

		if (!service.equals("cluster")) {
			for (Manifest manifest : built.manifests()) {
				assertThat(scalars(manifest.tree()))
					.as("%s: a value naming the Service as it was before renaming", manifest.id())
					.doesNotContain("cluster");
			}
		}
	}

	/**
	 * A plain workload, as a user writes one: a selector, labels, one container running
	 * the sample's image, and {@code containerExtra} (indented for the container).
	 */
	private static String workload(String kind, String containerExtra) {
		return """
				apiVersion: apps/v1
				kind: %s
				metadata:
				  name: app
				spec:
				  replicas: 3
				  selector:
				    matchLabels:
				      app.kubernetes.io/name: orders
				  template:
				    metadata:
				      labels:
				        app.kubernetes.io/name: orders
				    spec:
				      containers:
				        - name: app
				          image: sample-app:0.1.0-SNAPSHOT
				""".formatted(kind) + containerExtra;
	}

	/**
	 * Build a kustomization of {@code app.yaml} and the component, with
	 * {@code transformers} (namePrefix, namespace, ...).
	 */
	private static Overlay build(String name, String app, String transformers) {
		Path dir = directory(name);
		write(dir.resolve("app.yaml"), app);
		return kustomize(name, transformers + """
				resources:
				  - app.yaml
				components:
				  - %s
				""".formatted(dir.relativize(Manifests.moduleDir().resolve(COMPONENT))));
	}

	private static Overlay kustomize(String name, String body) {
		Path dir = directory(name);
		write(dir.resolve("kustomization.yaml"), """
				apiVersion: kustomize.config.k8s.io/v1beta1
				kind: Kustomization
				""" + body);
		return new Overlay(name, Kustomize.build(dir));
	}

	private static Path directory(String name) {
		Path dir = Manifests.moduleDir().resolve("target/kustomize").resolve(name);
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return dir;
	}

	private static void write(Path file, String content) {
		try {
			Files.writeString(file, content);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Every string or number of a document, keys excluded. */
	private static List<String> scalars(JsonNode node) {
		List<String> values = new ArrayList<>();
		if (node.isValueNode()) {
			values.add(node.asString(""));
		}
		for (JsonNode child : node) {
			values.addAll(scalars(child));
		}
		return values;
	}

}
