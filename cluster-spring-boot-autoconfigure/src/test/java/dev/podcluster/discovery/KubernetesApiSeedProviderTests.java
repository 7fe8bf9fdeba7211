package dev.podcluster.discovery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.podcluster.naming.ServiceLocation;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Seeds from the EndpointSlices of a Service, through fabric8's mock Kubernetes API on
 * loopback: what the tracker, /actuator/cluster and health then show.
 */
class KubernetesApiSeedProviderTests {

	private static final ServiceLocation ORDERS = new ServiceLocation("orders", "shop", "cluster.local");

	private KubernetesMockServer server = new KubernetesMockServer(false);

	private KubernetesApiSeedProvider provider;

	private SeedTracker tracker;

	@AfterEach
	void close() {
		if (this.tracker != null) {
			this.tracker.close();
		}
		if (this.provider != null) {
			this.provider.close();
		}
		try {
			this.server.destroy();
		}
		catch (IllegalStateException ex) {
			// The mock server waits at most 10 s for its Vert.x event loops to close and
			// throws when a loaded machine takes longer: the close of the test's own
			// server is not what these tests examine.
		}
	}

	@Test
	void seedsAreTheServicesEndpointsAtTheNamedPort() throws SeedLookupException {
		KubernetesClient client = crud();
		client
			.resource(slice("orders-a", endpoint("orders-0", "10.244.0.5", true, true, false),
					endpoint("orders-1", "10.244.0.6", true, true, false)))
			.create();
		SeedAnswer answer = provider(client).lookup();
		assertThat(answer.seeds()).extracting(Seed::toString).containsExactly("10.244.0.5:5701", "10.244.0.6:5701");
		assertThat(answer.seeds()).extracting(Seed::name).containsExactly("orders-0", "orders-1");
		assertThat(answer.records()).contains("orders-a: orders-0 10.244.0.5:5701 ready serving");
	}

	@Test
	void aTerminatingPodThatStillServesStaysASeedMarkedTerminating() throws SeedLookupException {
		KubernetesClient client = crud();
		client
			.resource(slice("orders-a", endpoint("orders-0", "10.244.0.5", true, true, true),
					endpoint("orders-1", "10.244.0.6", false, false, true),
					endpoint("orders-2", "10.244.0.7", true, true, false)))
			.create();
		SeedAnswer answer = provider(client).lookup();
		assertThat(answer.seeds()).containsExactly(
				new Seed("orders-0", new InetSocketAddress("10.244.0.5", 5701), true),
				new Seed("orders-2", new InetSocketAddress("10.244.0.7", 5701), false));
		assertThat(answer.skipped()).containsExactly("orders-1 10.244.0.6:5701: terminating, no longer serving");
	}

	@Test
	void eachSeedCarriesTheZoneAndNodeOfItsEndpoint() throws SeedLookupException {
		KubernetesClient client = crud();
		client
			.resource(
					slice("orders-a", placed(endpoint("orders-0", "10.244.0.5", true, true, false), "zone-a", "node-1"),
							endpoint("orders-1", "10.244.0.6", true, true, false)))
			.create();
		SeedAnswer answer = provider(client).lookup();
		assertThat(answer.seeds()).extracting(Seed::zone).containsExactly("zone-a", null);
		assertThat(answer.seeds()).extracting(Seed::node).containsExactly("node-1", null);
		assertThat(answer.records()).contains(
				"orders-a: orders-0 10.244.0.5:5701 ready serving zone zone-a node node-1",
				"orders-a: orders-1 10.244.0.6:5701 ready serving");
	}

	@Test
	void aMemberWaitsForItsOwnEndpointToLearnWhereItRuns() {
		KubernetesClient client = crud();
		startAsOrders0WithOnlyOrders1Listed(client);
		// The EndpointSlice controller lists this pod a moment after it got its address.
		CompletableFuture.runAsync(() -> client
			.resource(slice("orders-b",
					placed(endpoint("orders-0", "10.244.0.5", true, true, false), "zone-a", "node-1")))
			.create(), CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS));
		Seed own = this.tracker.ownSeed(Duration.ofSeconds(30));
		assertThat(own).isNotNull();
		assertThat(own.zone()).isEqualTo("zone-a");
		assertThat(own.node()).isEqualTo("node-1");
	}

	@Test
	void aMemberNotListedWithinTheWaitDoesNotKnowWhereItRuns() {
		KubernetesClient client = crud();
		startAsOrders0WithOnlyOrders1Listed(client);
		assertThat(this.tracker.ownSeed(Duration.ofSeconds(1))).isNull();
	}

	@Test
	void aWatchEventAsksTheTrackerForALookupWhichSeesTheNewPod() {
		KubernetesClient client = crud();
		client.resource(slice("orders-a", endpoint("orders-0", "10.244.0.5", true, true, false))).create();
		this.tracker = tracker(provider(client), Duration.ofMillis(200), Duration.ofMinutes(1));
		this.tracker.start(1, Duration.ZERO);
		assertThat(this.tracker.seeds()).extracting(Seed::toString).containsExactly("10.244.0.5:5701");
		client.resource(slice("orders-1", endpoint("orders-1", "10.244.0.6", true, true, false))).create();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.tracker.seeds()).extracting(Seed::toString)
				.containsExactlyInAnyOrder("10.244.0.5:5701", "10.244.0.6:5701"));
		assertThat(this.tracker.statistics().successes()).as("a change, not the one-minute poll").isLessThan(4);
	}

	@Test
	void changesComingFasterThanTheMinimumIntervalAreLookedUpOnceItHasPassed() {
		KubernetesClient client = crud();
		client.resource(slice("orders-a", endpoint("orders-0", "10.244.0.5", true, true, false))).create();
		List<Long> lookups = new CopyOnWriteArrayList<>();
		KubernetesApiSeedProvider watched = provider(client);
		SeedProvider counting = new SeedProvider() {

			@Override
			public String query() {
				return watched.query();
			}

			@Override
			public SeedAnswer lookup() throws SeedLookupException {
				lookups.add(System.nanoTime());
				return watched.lookup();
			}

			@Override
			public void onChange(Runnable changed) {
				watched.onChange(changed);
			}

		};
		this.tracker = tracker(counting, Duration.ofSeconds(2), Duration.ofMinutes(1));
		this.tracker.start(1, Duration.ZERO);
		for (int pod = 1; pod <= 5; pod++) {
			client
				.resource(
						slice("orders-" + pod, endpoint("orders-" + pod, "10.244.0." + (10 + pod), true, true, false)))
				.create();
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.tracker.seeds()).hasSize(6));
		assertThat(lookups)
			.as("the first lookup, one after the minimum interval, and at most one more for events"
					+ " that came while it ran")
			.hasSizeBetween(2, 3);
		for (int i = 1; i < lookups.size(); i++) {
			assertThat(Duration.ofNanos(lookups.get(i) - lookups.get(i - 1))).as("time between lookups")
				.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		}
	}

	@Test
	void theLastGoodSeedsStayWhileTheApiServerIsUnreachable() {
		KubernetesClient client = crud();
		client
			.resource(slice("orders-a", endpoint("orders-0", "10.244.0.5", true, true, false),
					endpoint("orders-1", "10.244.0.6", true, true, false)))
			.create();
		this.tracker = tracker(provider(client), Duration.ofMillis(100), Duration.ofMillis(200));
		this.tracker.start(2, Duration.ZERO);
		assertThat(this.tracker.seeds()).hasSize(2);
		this.server.destroy();
		// Shown at the next lookup: the client does not retry for 20 s first, which
		// would hide an outage of that length.
		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
			DiscoverySnapshot snapshot = this.tracker.snapshot();
			assertThat(snapshot.error()).contains("the Kubernetes API server could not be reached to list");
			assertThat(snapshot.seeds()).extracting(Seed::toString)
				.containsExactly("10.244.0.5:5701", "10.244.0.6:5701");
		});
	}

	@Test
	void aWatchIsReplacedByANewListAndWatchOnceItsLifetimeHasPassed() {
		// The mock server keeps a watch open and silent, as a connection that died
		// without a word looks: without the lifetime, the lookups would read the slices
		// of that watch for ever, with no request after the first list and watch.
		KubernetesClient client = crud();
		client.resource(slice("orders-a", endpoint("orders-0", "10.244.0.5", true, true, false))).create();
		this.provider = new KubernetesApiSeedProvider(client, ORDERS, "hazelcast", 5701, AddressFamily.IPV4, null,
				Duration.ofMillis(500));
		this.tracker = tracker(this.provider, Duration.ofMillis(100), Duration.ofMillis(200));
		this.tracker.start(1, Duration.ZERO);
		int first = this.server.getRequestCount();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.server.getRequestCount()).as("requests to the API server")
				.isGreaterThanOrEqualTo(first + 4));
		assertThat(this.tracker.snapshot().error()).isNull();
		assertThat(this.tracker.seeds()).extracting(Seed::toString).containsExactly("10.244.0.5:5701");
	}

	@Test
	void aMissingServiceSaysSo() {
		assertThatExceptionOfType(SeedLookupException.class).isThrownBy(() -> provider(crud()).lookup())
			.withMessage("Service shop/orders does not exist")
			.satisfies((ex) -> assertThat(ex.fix()).contains("cluster.kubernetes.service-name"));
	}

	@Test
	void aServiceWithoutThePortNameSaysSoAndNamesItsPorts() {
		KubernetesClient client = crud();
		client
			.resource(new ServiceBuilder().withNewMetadata()
				.withName("orders")
				.withNamespace("shop")
				.endMetadata()
				.withNewSpec()
				.withClusterIP("None")
				.addNewPort()
				.withName("http")
				.withPort(8080)
				.endPort()
				.endSpec()
				.build())
			.create();
		client
			.resource(new EndpointSliceBuilder(slice("orders-a", endpoint("orders-0", "10.244.0.5", true, true, false)))
				.withPorts(
						List.of(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder().withName("http")
							.withPort(8080)
							.build()))
				.build())
			.create();
		assertThatExceptionOfType(SeedLookupException.class).isThrownBy(() -> provider(client).lookup())
			.withMessage("Service shop/orders has no port named 'hazelcast'; its ports are http 8080")
			.satisfies((ex) -> assertThat(ex.fix()).contains("cluster.discovery.kubernetes-api.port-name"));
	}

	@Test
	void aRefusalNamesTheVerbTheResourceAndTheRoleToApply() {
		this.server.init(InetAddress.getLoopbackAddress(), 0);
		this.server.expect()
			.get()
			.withPath("/apis/discovery.k8s.io/v1/namespaces/shop/endpointslices?labelSelector="
					+ "kubernetes.io%2Fservice-name%3Dorders")
			.andReturn(403, new StatusBuilder().withCode(403)
				.withReason("Forbidden")
				.withMessage("endpointslices.discovery.k8s.io is forbidden: User"
						+ " \"system:serviceaccount:shop:default\" cannot list resource \"endpointslices\" in API"
						+ " group \"discovery.k8s.io\" in the namespace \"shop\"")
				.build())
			.always();
		assertThatExceptionOfType(SeedLookupException.class).isThrownBy(() -> provider(client()).lookup())
			.withMessageStartingWith("the Kubernetes API refused to list endpointslices.discovery.k8s.io in namespace"
					+ " shop (403 Forbidden: endpointslices.discovery.k8s.io is forbidden: User"
					+ " \"system:serviceaccount:shop:default\" cannot list")
			.satisfies((ex) -> assertThat(ex.fix()).contains("get, list and watch on endpointslices")
				.contains("apply the Role and RoleBinding of sample-app/k8s/components/kubernetes-api"));
	}

	/**
	 * Tracks the slices as pod orders-0 (10.244.0.5) while they list only orders-1, in
	 * zone-b on node-2.
	 */
	private void startAsOrders0WithOnlyOrders1Listed(KubernetesClient client) {
		client
			.resource(slice("orders-a",
					placed(endpoint("orders-1", "10.244.0.6", true, true, false), "zone-b", "node-2")))
			.create();
		this.tracker = new SeedTracker(provider(client), Duration.ofMillis(100), Duration.ofMinutes(1), 3,
				Clock.systemUTC(), new InetSocketAddress("10.244.0.5", 5701));
		this.tracker.start(1, Duration.ZERO);
	}

	private KubernetesClient crud() {
		this.server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(),
				new io.fabric8.mockwebserver.MockWebServer(), new java.util.HashMap<>(),
				new io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher(), false);
		this.server.init(InetAddress.getLoopbackAddress(), 0);
		return client();
	}

	/** A client configured as the starter's own, but for the mock server. */
	private KubernetesClient client() {
		Config config = new ConfigBuilder(Config.empty()).withMasterUrl(this.server.url("/"))
			.withTrustCerts(true)
			.withNamespace("shop")
			.build();
		return new KubernetesClientBuilder().withConfig(KubernetesApiClient.config(config, Duration.ofSeconds(60)))
			.build();
	}

	private KubernetesApiSeedProvider provider(KubernetesClient client) {
		this.provider = new KubernetesApiSeedProvider(client, ORDERS, "hazelcast", 5701, AddressFamily.IPV4);
		return this.provider;
	}

	private static SeedTracker tracker(SeedProvider provider, Duration minInterval, Duration interval) {
		SeedTracker tracker = new SeedTracker(provider, minInterval, interval, 3, Clock.systemUTC());
		provider.onChange(tracker::changed);
		return tracker;
	}

	private static EndpointSlice slice(String name,
			io.fabric8.kubernetes.api.model.discovery.v1.Endpoint... endpoints) {
		return new EndpointSliceBuilder().withNewMetadata()
			.withName(name)
			.withNamespace("shop")
			.addToLabels(KubernetesApiSeedProvider.SERVICE_NAME_LABEL, "orders")
			.endMetadata()
			.withAddressType("IPv4")
			.withEndpoints(endpoints)
			.addNewPort()
			.withName("hazelcast")
			.withPort(5701)
			.withProtocol("TCP")
			.endPort()
			.build();
	}

	/**
	 * The endpoint as the EndpointSlice controller writes it for a pod on a Node with a
	 * zone.
	 */
	private static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint placed(
			io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint, String zone, String node) {
		return new EndpointBuilder(endpoint).withZone(zone).withNodeName(node).build();
	}

	private static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint(String pod, String ip, boolean ready,
			boolean serving, boolean terminating) {
		return new EndpointBuilder().withAddresses(ip)
			.withNewConditions()
			.withReady(ready)
			.withServing(serving)
			.withTerminating(terminating)
			.endConditions()
			.withNewTargetRef()
			.withKind("Pod")
			.withName(pod)
			.withNamespace("shop")
			.endTargetRef()
			.build();
	}

}
