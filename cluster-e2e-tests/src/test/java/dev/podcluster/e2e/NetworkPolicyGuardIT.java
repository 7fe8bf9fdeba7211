package dev.podcluster.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who can join the cluster, on the real control plane with a real NetworkPolicy enforcer
 * (kube-network-policies, in kube-bed) and the sample's StatefulSet overlay as shipped. A
 * pod with other labels, the sample's ConfigMap (so the same cluster name) and the
 * members' IPs as static seeds cannot open the member port and stays a cluster of one;
 * once the NetworkPolicy is deleted the same pod joins, so the guard is the policy. A pod
 * with the application's labels joins through the policy: labels are not secrets. And Pod
 * Security {@code restricted}, which the bed enforces, admits the sample's pods and
 * refuses a pod that breaks it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkPolicyGuardIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final KubeSample sample = new KubeSample(bed, "default", KubeSample.SELECTOR);

	private static final KubeSample rogues = new KubeSample(bed, "default", "app.kubernetes.io/name=rogue");

	private static final Duration BOUND = Duration.ofMinutes(3);

	/** How long the rogue and the members are watched for a join that must not happen. */
	private static final Duration HELD = Duration.ofSeconds(15);

	@Test
	@Order(1)
	void theShippedManifestsPassRestrictedPodSecurityAndFormOneCluster() {
		long start = System.nanoTime();
		String applied = bed.kubectl("apply", "-k", "sample-app/k8s/overlays/statefulset");
		assertThat(applied).as("kubectl apply warns of no Pod Security violation").doesNotContain("would violate");
		sample.awaitOneCluster(3, BOUND);
		Timing.report("guard-apply", "formation", Timing.since(start));
		bed.kubectl("wait", "--for=condition=Ready", "pod", "-l", KubeSample.SELECTOR, "--timeout=120s");
		Timing.report("guard-apply", "all-ready", Timing.since(start));
		assertThat(bed.kubectl("-n", "kube-system", "get", "deployment", "coredns", "-o",
				"jsonpath={.status.readyReplicas}"))
			.as("CoreDNS (kube-system is exempt from restricted) still runs")
			.isEqualTo("2");
	}

	@Test
	@Order(2)
	void aPodThatBreaksRestrictedPodSecurityIsRefusedInDefaultAndInANewNamespace() {
		bed.kubectl("create", "namespace", "guard-psa");
		for (String namespace : List.of("default", "guard-psa")) {
			String refusal = bed.kubectlFailing("-n", namespace, "run", "violator", "--image=sample-app:0.1.0-SNAPSHOT",
					"--restart=Never", "--overrides", """
							{"spec": {"containers": [{"name": "violator", "image": "sample-app:0.1.0-SNAPSHOT",
							  "securityContext": {"capabilities": {"add": ["NET_RAW"]}}}]}}""");
			assertThat(refusal).as(namespace)
				.contains("violates PodSecurity \"restricted:latest\"")
				.contains("NET_RAW")
				.contains("runAsNonRoot")
				.contains("seccompProfile");
		}
		assertThat(bed.kubectl("get", "pods", "--all-namespaces", "-o", "name")).doesNotContain("violator");
	}

	@Test
	@Order(3)
	void aPodWithOtherLabelsAndTheClusterNameCannotOpenTheMemberPortAndStaysAlone() {
		List<KubePod> members = sample.pods();
		long start = System.nanoTime();
		KubePod rogue = startPod("rogue", "rogue", members);
		ClusterView alone = awaitActiveAlone(rogue);
		Timing.report("guard-rogue", "active-alone", Timing.since(start));
		assertThat(alone.clusterName()).isEqualTo("sample-app");
		assertThat(alone.discoveryMode()).isEqualTo("static");
		for (KubePod member : members) {
			assertThat(String.join(",", alone.seeds())).as("the rogue's seeds").contains(member.ip());
		}

		for (KubePod member : members) {
			assertThat(opens(rogue, member.ip(), SampleApp.HAZELCAST_PORT)).as("rogue opens %s:5701", member).isFalse();
			assertThat(opens(rogue, member.ip(), SampleApp.HTTP_PORT))
				.as("rogue opens %s:8080 (the policy admits it)", member)
				.isTrue();
		}
		await("the rogue alone and the members three, for " + HELD).during(HELD)
			.atMost(HELD.plusSeconds(30))
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> {
				assertThat(rogue.http().cluster().size()).as("members the rogue lists").isEqualTo(1);
				KubeSample.assertOneCluster(members);
			});
	}

	@Test
	@Order(4)
	void aPodWithTheApplicationsLabelsJoinsThroughThePolicy() {
		List<KubePod> members = sample.pods();
		long start = System.nanoTime();
		startPod("impostor", "sample-app", members);
		sample.awaitOneCluster(4, BOUND);
		Timing.report("guard-labelled-pod", "joined", Timing.since(start));
		bed.kubectl("delete", "pod", "impostor", "--grace-period=0", "--force");
		sample.awaitOneCluster(3, BOUND);
	}

	@Test
	@Order(5)
	void withoutTheNetworkPolicyTheSameRogueJoins() {
		List<KubePod> members = sample.pods();
		KubePod rogue = rogues.pod("rogue");
		long start = System.nanoTime();
		bed.kubectl("delete", "networkpolicy", "sample-app");
		// The rogue, master of its cluster of one, looks for its seeds at every
		// split-brain
		// check (every 5 s) and merges into the larger cluster once it reaches it.
		Map<String, Integer> sizes = await("every member and the rogue list 4").atMost(BOUND)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> sizes(members, rogue), (seen) -> seen.values().stream().allMatch((size) -> size == 4));
		Timing.report("guard-rogue-no-policy", "joined", Timing.since(start));
		assertThat(sizes).hasSize(4);
		assertThat(opens(rogue, members.get(0).ip(), SampleApp.HAZELCAST_PORT)).as("rogue opens the member port")
			.isTrue();
	}

	/**
	 * Start a pod as anyone allowed to create pods in the namespace can: the sample's
	 * image and ConfigMap (so its cluster name), the members' IPs as static seeds, and
	 * the given {@code app.kubernetes.io/name} label; it meets Pod Security restricted.
	 */
	private static KubePod startPod(String name, String label, List<KubePod> members) {
		String seeds = members.stream().map(KubePod::ip).collect(Collectors.joining(","));
		KustomizeDir dir = KustomizeDir.create(bed.repository(), "guard-" + name);
		dir.write("pod.yaml", """
				apiVersion: v1
				kind: Pod
				metadata:
				  name: %s
				  labels:
				    app.kubernetes.io/name: %s
				spec:
				  automountServiceAccountToken: false
				  enableServiceLinks: false
				  securityContext:
				    runAsNonRoot: true
				    runAsUser: 10001
				    runAsGroup: 10001
				    seccompProfile:
				      type: RuntimeDefault
				  containers:
				    - name: app
				      image: sample-app:0.1.0-SNAPSHOT
				      envFrom:
				        - configMapRef:
				            name: sample-app-config
				      env:
				        - name: POD_IP
				          valueFrom:
				            fieldRef:
				              fieldPath: status.podIP
				        - name: NAMESPACE
				          valueFrom:
				            fieldRef:
				              fieldPath: metadata.namespace
				        - name: CLUSTER_KUBERNETES_SERVICENAME
				          value: sample-app-cluster
				        # As the members have them: Hazelcast refuses a member whose
				        # partition group type differs.
				        - name: CLUSTER_ZONE
				          valueFrom:
				            fieldRef:
				              fieldPath: metadata.labels['topology.kubernetes.io/zone']
				        - name: CLUSTER_NODE
				          valueFrom:
				            fieldRef:
				              fieldPath: spec.nodeName
				        - name: CLUSTER_DISCOVERY_MODE
				          value: static
				        - name: CLUSTER_DISCOVERY_STATIC_MEMBERS
				          value: "%s"
				      securityContext:
				        allowPrivilegeEscalation: false
				        readOnlyRootFilesystem: true
				        capabilities:
				          drop: ["ALL"]
				      volumeMounts:
				        - name: tmp
				          mountPath: /tmp
				  volumes:
				    - name: tmp
				      emptyDir: {}
				""".formatted(name, label, seeds));
		String applied = bed.kubectl("apply", "-f", dir.dir().resolve("pod.yaml").toString());
		assertThat(applied).doesNotContain("would violate");
		KubeSample labelled = new KubeSample(bed, "default", "app.kubernetes.io/name=" + label);
		return await(name + " running with an IP").atMost(BOUND)
			.until(() -> labelled.pods()
				.stream()
				.filter((pod) -> pod.name().equals(name) && !pod.ip().isEmpty() && !pod.processes().isEmpty())
				.findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	private static ClusterView awaitActiveAlone(KubePod pod) {
		return await(pod.name() + " ACTIVE").atMost(BOUND)
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.until(() -> pod.http().cluster(), (view) -> "ACTIVE".equals(view.state()) && view.size() == 1);
	}

	private static Map<String, Integer> sizes(List<KubePod> members, KubePod rogue) {
		return Stream.concat(members.stream(), Stream.of(rogue)).collect(Collectors.toMap(KubePod::name, (pod) -> {
			try {
				return pod.http().cluster().size();
			}
			catch (RuntimeException ex) {
				return -1;
			}
		}));
	}

	/**
	 * Whether a TCP connection from the pod's network namespace, as the pods' user
	 * (10001), to {@code ip:port} opens within 3 s: the enforcer drops a refused flow's
	 * first packet, so the connection never opens.
	 */
	private static boolean opens(KubePod from, String ip, int port) {
		List<String> command = List.of("nsenter", "--target", String.valueOf(from.containerPid()), "--net", "--",
				"setpriv", "--reuid=10001", "--regid=10001", "--clear-groups", "timeout", "3", "bash", "-c",
				"exec 3<>/dev/tcp/" + ip + "/" + port);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not end");
			}
			int code = process.exitValue();
			if (code != 0 && code != 124) {
				throw new IllegalStateException(String.join(" ", command) + " exited " + code + ": " + output);
			}
			return code == 0;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
