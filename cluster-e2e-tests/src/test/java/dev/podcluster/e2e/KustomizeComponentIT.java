package dev.podcluster.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's kustomize component ({@code sample-app/k8s/components/cluster}) added to a
 * user's own StatefulSet, on the real control plane: a plain manifest with nothing
 * cluster-specific in it, a {@code namePrefix} and a namespace of its own, beside a
 * Service named {@code cluster-hazelcast} whose service-link variable
 * ({@code CLUSTER_HAZELCAST_PORT=tcp://...}) would otherwise be read as
 * {@code cluster.hazelcast.port}. And the sample's examples using it, as the API server
 * validates them.
 */
class KustomizeComponentIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final Duration BOUND = Duration.ofMinutes(4);

	private static final String NAMESPACE = "shop";

	/** The user's app as written before any cluster: no Service, no cluster variable. */
	private static final String STATEFULSET = """
			apiVersion: apps/v1
			kind: StatefulSet
			metadata:
			  name: app
			spec:
			  replicas: 3
			  podManagementPolicy: Parallel
			  selector:
			    matchLabels:
			      app.kubernetes.io/name: orders
			  template:
			    metadata:
			      labels:
			        app.kubernetes.io/name: orders
			    spec:
			      securityContext:
			        runAsNonRoot: true
			        runAsUser: 10001
			        seccompProfile:
			          type: RuntimeDefault
			      containers:
			        - name: orders
			          image: sample-app:0.1.0-SNAPSHOT
			          securityContext:
			            allowPrivilegeEscalation: false
			            capabilities:
			              drop: ["ALL"]
			          ports:
			            - name: http
			              containerPort: 8080
			            - name: management
			              containerPort: 8081
			          env:
			            - name: JAVA_TOOL_OPTIONS
			              value: -XX:MaxRAMPercentage=75
			            - name: MANAGEMENT_SERVER_PORT
			              value: "8081"
			          resources:
			            requests:
			              cpu: 500m
			              memory: 768Mi
			            limits:
			              memory: 768Mi
			          readinessProbe:
			            httpGet:
			              path: /actuator/health/readiness
			              port: management
			""";

	@Test
	void aPlainStatefulSetWithTheComponentFormsOneClusterUnderItsPrefixInItsNamespace() {
		bed.kubectl("create", "namespace", NAMESPACE);
		bed.kubectl("-n", NAMESPACE, "create", "service", "clusterip", "cluster-hazelcast", "--tcp=5701:5701");
		KustomizeDir app = KustomizeDir.create(bed.repository(), "component");
		app.write("statefulset.yaml", STATEFULSET).kustomization("""
				namespace: %s
				namePrefix: orders-
				resources:
				  - statefulset.yaml
				components:
				  - %s
				""".formatted(NAMESPACE, app.relative("sample-app/k8s/components/cluster")));

		long start = System.nanoTime();
		String applied = bed.kubectl("apply", "-k", app.toString());
		assertThat(applied.lines().toList()).containsExactlyInAnyOrder("service/orders-cluster created",
				"statefulset.apps/orders-app created", "poddisruptionbudget.policy/orders-cluster created",
				"networkpolicy.networking.k8s.io/orders-cluster created");
		KubeSample orders = new KubeSample(bed, NAMESPACE, "app.kubernetes.io/name=orders");
		Map<KubePod, ClusterView> views = orders.awaitOneCluster(3, BOUND);
		Timing.report("kube-component-apply", "formation", Timing.since(start));

		Set<String> names = views.keySet().stream().map(KustomizeComponentIT::fqdn).collect(Collectors.toSet());
		assertThat(names).hasSize(3);
		views.forEach((pod, view) -> {
			assertThat(view.size()).as(pod + " size").isEqualTo(3);
			assertThat(view.localName()).as(pod + " name").isEqualTo(fqdn(pod));
			assertThat(view.namingMode()).as(pod + " naming mode").isEqualTo("statefulset");
			assertThat(view.memberNames()).as(pod + " member names").isEqualTo(names);
			assertThat(view.discoveryMode()).as(pod + " discovery").isEqualTo("dns-srv");
			assertThat(view.discoveryQuery()).as(pod + " SRV query")
				.isEqualTo("_hazelcast._tcp.orders-cluster." + NAMESPACE + ".svc.cluster.local.");
		});
		bed.kubectl("-n", NAMESPACE, "wait", "--for=condition=Ready", "pod", "-l", "app.kubernetes.io/name=orders",
				"--timeout=180s");
		Timing.report("kube-component-apply", "all-ready", Timing.since(start));
	}

	@Test
	void theExamplesUsingTheComponentAreWhatTheApiServerAccepts() {
		for (String example : List.of("statefulset", "deployment")) {
			String output = bed.kubectl("apply", "--dry-run=server", "-k", "sample-app/k8s/examples/" + example);
			assertThat(output.lines().toList()).as("kubectl apply --dry-run=server -k examples/%s", example)
				.containsExactlyInAnyOrder("service/cluster created (server dry run)",
						"poddisruptionbudget.policy/cluster created (server dry run)",
						"networkpolicy.networking.k8s.io/cluster created (server dry run)",
						"networkpolicy.networking.k8s.io/http created (server dry run)",
						("statefulset".equals(example) ? "statefulset.apps" : "deployment.apps")
								+ "/sample-app created (server dry run)");
		}
	}

	private static String fqdn(KubePod pod) {
		return pod.name() + ".orders-cluster." + NAMESPACE + ".svc.cluster.local";
	}

}
