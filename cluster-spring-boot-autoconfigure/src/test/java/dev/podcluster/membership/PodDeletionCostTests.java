package dev.podcluster.membership;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.podcluster.discovery.PodAnnotator;
import dev.podcluster.testsupport.net.FreePorts;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Members of one cluster on loopback annotate their own pods, as fabric8's mock
 * Kubernetes API keeps them: what {@code kubectl get pods} and {@code /actuator/cluster}
 * then show.
 */
class PodDeletionCostTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	/** Where fabric8's automatic configuration finds the API server, as in a pod. */
	private static final Map<String, String> CLIENT_PROPERTIES = Map.of("kubernetes.auth.tryKubeConfig", "false",
			"kubernetes.auth.tryServiceAccount", "false", "kubernetes.trust.certificates", "true");

	private final String clusterName = "pod-deletion-cost-" + UUID.randomUUID();

	private final List<Integer> ports = FreePorts.loopback(3);

	private final List<Member> members = new ArrayList<>();

	private KubernetesMockServer server;

	@BeforeEach
	void clientFindsTheMockServer() {
		CLIENT_PROPERTIES.forEach(System::setProperty);
	}

	@AfterEach
	void close() {
		this.members.forEach(Member::close);
		CLIENT_PROPERTIES.keySet().forEach(System::clearProperty);
		System.clearProperty("kubernetes.master");
		if (this.server != null) {
			try {
				this.server.destroy();
			}
			catch (IllegalStateException ex) {
				// The mock server waits at most 10 s for its event loops to close: its
				// own
				// close is not what these tests examine.
			}
		}
	}

	@Test
	void theOldestMembersPodsCarryDescendingCostsAndTheYoungestNone() {
		KubernetesClient kubectl = crud("orders-0", "orders-1", "orders-2");
		join("orders-0", 2);
		join("orders-1", 2);
		join("orders-2", 2);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(costs(kubectl)).containsEntry("orders-0", "10000")
				.containsEntry("orders-1", "9900")
				.containsEntry("orders-2", null));
		assertThat(this.members.get(0).cost.status())
			.isEqualTo(new PodDeletionCostStatus("shop/orders-0", 10000, true, 0, null, null, null));
		assertThat(this.members.get(2).cost.status())
			.isEqualTo(new PodDeletionCostStatus("shop/orders-2", null, true, 0, null, null, null));
	}

	@Test
	void whenTheOldestLeavesTheNextOldestTakeItsCosts() {
		KubernetesClient kubectl = crud("orders-0", "orders-1", "orders-2");
		join("orders-0", 2);
		join("orders-1", 2);
		join("orders-2", 2);
		await().atMost(WAIT)
			.untilAsserted(
					() -> assertThat(costs(kubectl)).containsEntry("orders-2", null).containsEntry("orders-1", "9900"));
		this.members.remove(0).close();
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(costs(kubectl)).containsEntry("orders-1", "10000")
				.containsEntry("orders-2", "9900"));
	}

	@Test
	void aRefusedPatchIsShownWithTheRoleToApplyAndTriedAgainWhileTheClusterCarriesOn() {
		this.server = new KubernetesMockServer(false);
		this.server.init(InetAddress.getLoopbackAddress(), 0);
		System.setProperty("kubernetes.master", this.server.url("/"));
		this.server.expect()
			.patch()
			.withPath("/api/v1/namespaces/shop/pods/orders-0")
			.andReturn(403, new StatusBuilder().withCode(403)
				.withReason("Forbidden")
				.withMessage("pods \"orders-0\" is forbidden: User \"system:serviceaccount:shop:cluster\" cannot"
						+ " patch resource \"pods\" in API group \"\" in the namespace \"shop\"")
				.build())
			.times(2);
		this.server.expect()
			.patch()
			.withPath("/api/v1/namespaces/shop/pods/orders-0")
			.andReturn(200, pod("orders-0"))
			.always();
		// Retries 2 s, then 4 s after: long enough to see the second failure.
		Member member = join("orders-0", 3, Duration.ofSeconds(2));
		await().atMost(WAIT).untilAsserted(() -> {
			PodDeletionCostStatus status = member.cost.status();
			assertThat(status.annotated()).isFalse();
			assertThat(status.consecutiveFailures()).isEqualTo(2);
			assertThat(status.error()).startsWith("the Kubernetes API refused to patch pods in namespace shop"
					+ " (403 Forbidden: pods \"orders-0\" is forbidden");
			assertThat(status.fix()).isEqualTo("Grant this pod's service account patch on pods in namespace shop:"
					+ " apply the Role and RoleBinding of sample-app/k8s/components/pod-deletion-cost"
					+ " (docs/kubernetes.md), or set cluster.kubernetes.pod-deletion-cost.enabled to false.");
		});
		assertThat(member.view.size()).isEqualTo(1);
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(member.cost.status())
				.isEqualTo(new PodDeletionCostStatus("shop/orders-0", 10000, true, 0, null, null, null)));
	}

	/** The API server keeping what it is sent, with the pods of the names given. */
	private KubernetesClient crud(String... pods) {
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new KubernetesCrudDispatcher(), false);
		this.server.init(InetAddress.getLoopbackAddress(), 0);
		System.setProperty("kubernetes.master", this.server.url("/"));
		KubernetesClient kubectl = this.server.createClient();
		for (String pod : pods) {
			kubectl.resource(pod(pod)).create();
		}
		return kubectl;
	}

	private static Pod pod(String name) {
		return new PodBuilder().withNewMetadata()
			.withName(name)
			.withNamespace("shop")
			.addToAnnotations("podcluster.dev/cluster-service", "orders-cluster")
			.endMetadata()
			.build();
	}

	/** Each pod's deletion cost, {@code null} for none. */
	private static Map<String, String> costs(KubernetesClient kubectl) {
		Map<String, String> costs = new HashMap<>();
		kubectl.pods()
			.inNamespace("shop")
			.list()
			.getItems()
			.forEach((pod) -> costs.put(pod.getMetadata().getName(), (pod.getMetadata().getAnnotations() != null)
					? pod.getMetadata().getAnnotations().get(PodDeletionCost.ANNOTATION) : null));
		// The annotation a member writes beside others leaves them alone.
		kubectl.pods()
			.inNamespace("shop")
			.list()
			.getItems()
			.forEach((pod) -> assertThat(pod.getMetadata().getAnnotations())
				.containsEntry("podcluster.dev/cluster-service", "orders-cluster"));
		return costs;
	}

	/**
	 * Starts the next member, as pod {@code pod}, once the ones before it are members.
	 */
	private Member join(String pod, int annotatedMembers) {
		return join(pod, annotatedMembers, Duration.ofMillis(200));
	}

	private Member join(String pod, int annotatedMembers, Duration firstRetry) {
		Config config = new Config();
		config.setClusterName(this.clusterName);
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.logging.type", "slf4j");
		config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
		config.setProperty("hazelcast.wait.seconds.before.join", "1");
		config.getNetworkConfig().setPort(this.ports.get(this.members.size())).setPortAutoIncrement(false);
		JoinConfig join = config.getNetworkConfig().getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(true);
		this.ports.forEach((port) -> join.getTcpIpConfig().addMember("127.0.0.1:" + port));
		HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
		ClusterView view = new ClusterView(hazelcast, Clock.systemUTC());
		PodAnnotator annotator = PodAnnotator.inCluster("shop", pod, Duration.ofSeconds(10),
				getClass().getClassLoader(), "cluster.kubernetes.pod-deletion-cost.enabled");
		PodDeletionCost cost = new PodDeletionCost(view, annotator, annotatedMembers, firstRetry,
				Duration.ofSeconds(10), Clock.systemUTC());
		view.start(List.of(cost));
		cost.start();
		Member member = new Member(hazelcast, view, annotator, cost);
		this.members.add(member);
		int size = this.members.size();
		await().atMost(WAIT).until(() -> this.members.stream().allMatch((each) -> each.view.size() == size));
		return member;
	}

	private record Member(HazelcastInstance hazelcast, ClusterView view, PodAnnotator annotator, PodDeletionCost cost) {

		void close() {
			this.view.close();
			this.cost.close();
			this.annotator.close();
			this.hazelcast.shutdown();
		}

	}

}
