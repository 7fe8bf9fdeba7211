package dev.podcluster.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Membership that never takes the service down, on the real control plane: a StatefulSet
 * of 3 with {@code cluster.expected-members=3} and the {@code cluster} health in the
 * readiness probe, as the README recommends. A pod is not Ready until discovery has found
 * it (and says why not); once the cluster has formed, a killed, hung, paused or cut-off
 * peer never makes the survivors NotReady; a hung or cut-off pod is dropped, a paused one
 * is not.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlMembershipIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final Duration BOUND = Duration.ofMinutes(4);

	private static final KubeSample sample = new KubeSample(bed, "default", KubeSample.SELECTOR);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	@Order(1)
	void withoutItsServiceNoPodIsReadyAndEachSaysWhyThenTheServiceMakesOneCluster() {
		bed.kubectl("apply", "-k", "cluster-e2e-tests/kube/scenarios/expected-three-without-service");
		awaitPods(3);
		for (KubePod pod : pods()) {
			awaitOrReport(() -> {
				Readiness readiness = Readiness.of(pod);
				assertThat(readiness.code()).as(pod.name()).isEqualTo(503);
				assertThat(readiness.reason()).as(pod.name())
					.contains("_hazelcast._tcp.sample-app-cluster.default.svc.cluster.local.")
					.contains("NXDOMAIN")
					.contains("check cluster.kubernetes.service-name and cluster.kubernetes.namespace");
			});
		}
		List<String> containers = pods().stream().map(KubePod::containerId).toList();

		long start = System.nanoTime();
		bed.kubectl("apply", "-f", "sample-app/k8s/base/service-cluster.yaml");
		awaitOrReport(() -> {
			for (KubePod pod : pods()) {
				assertThat(Readiness.of(pod).code()).as(pod.name() + " readiness").isEqualTo(200);
				assertThat(view(pod).size()).as(pod.name() + " members").isEqualTo(3);
			}
		});
		Timing.report("kube-missing-service", "one-ready-cluster-after-service-applied", Timing.since(start));
		assertThat(pods()).extracting(KubePod::containerId)
			.as("the same containers: nothing restarted")
			.containsExactlyElementsOf(containers);
	}

	@Test
	@Order(2)
	void aKilledPodNeverTakesTheSurvivorsOutOfTheService() {
		awaitEveryPodReadyInOneCluster();
		KubePod victim = pod("sample-app-1");
		List<KubePod> survivors = pods().stream().filter((pod) -> !pod.name().equals(victim.name())).toList();
		try (ReadinessWatch watch = new ReadinessWatch(survivors)) {
			long start = System.nanoTime();
			victim.signal("KILL");
			awaitOrReport(() -> {
				for (KubePod survivor : survivors) {
					assertThat(view(survivor).size()).as(survivor.name() + " members").isEqualTo(2);
				}
			});
			Timing.report("kube-sigkill", "dropped", Timing.since(start));
			awaitEveryPodReadyInOneCluster();
			Timing.report("kube-sigkill", "restarted-and-rejoined", Timing.since(start));
			watch.assertAlwaysReady();
		}
	}

	@Test
	@Order(3)
	void aFiveSecondPauseDropsNoMember() {
		awaitEveryPodReadyInOneCluster();
		KubePod paused = pod("sample-app-2");
		List<KubePod> others = pods().stream().filter((pod) -> !pod.name().equals(paused.name())).toList();
		paused.signal("STOP");
		try {
			// The pause itself: the others keep listing 3 all through it...
			await().during(Duration.ofSeconds(5))
				.atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(others).allSatisfy(
						(pod) -> assertThat(size(pod)).as(pod.name() + " members while " + paused.name() + " is paused")
							.isEqualTo(3)));
		}
		finally {
			paused.signal("CONT");
		}
		// ...and past the heartbeat timeout (8 s) counted from the pause's start.
		await().during(Duration.ofSeconds(10))
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(others).allSatisfy(
					(pod) -> assertThat(size(pod)).as(pod.name() + " members after " + paused.name() + "'s pause")
						.isEqualTo(3)));
		awaitEveryPodReadyInOneCluster();
	}

	@Test
	@Order(4)
	void aHungPodIsDroppedAndTheSurvivorsStayReady() {
		awaitEveryPodReadyInOneCluster();
		KubePod hung = pod("sample-app-0");
		List<KubePod> survivors = pods().stream().filter((pod) -> !pod.name().equals(hung.name())).toList();
		try (ReadinessWatch watch = new ReadinessWatch(survivors)) {
			long start = System.nanoTime();
			hung.signal("STOP");
			try {
				awaitOrReport(() -> {
					for (KubePod survivor : survivors) {
						assertThat(view(survivor).size()).as(survivor.name() + " members").isEqualTo(2);
					}
				});
				Timing.report("kube-sigstop", "dropped", Timing.since(start));
			}
			finally {
				hung.signal("CONT");
			}
			awaitEveryPodReadyInOneCluster();
			Timing.report("kube-sigstop", "one-cluster-again-after-cont", Timing.since(start));
			watch.assertAlwaysReady();
		}
	}

	@Test
	@Order(5)
	void aPodWhoseNetworkVanishesIsDroppedAndRejoinsWhenItIsBack() {
		awaitEveryPodReadyInOneCluster();
		KubePod cut = pod("sample-app-1");
		List<KubePod> survivors = pods().stream().filter((pod) -> !pod.name().equals(cut.name())).toList();
		try (ReadinessWatch watch = new ReadinessWatch(survivors)) {
			long start = System.nanoTime();
			cut.cutNetwork();
			long restored;
			try {
				awaitOrReport(() -> {
					for (KubePod survivor : survivors) {
						assertThat(view(survivor).size()).as(survivor.name() + " members").isEqualTo(2);
					}
				});
				Timing.report("kube-network-vanished", "dropped", Timing.since(start));
			}
			finally {
				cut.restoreNetwork();
				restored = System.nanoTime();
			}
			awaitEveryPodReadyInOneCluster();
			Timing.report("kube-network-vanished", "one-cluster-after-network-back", Timing.since(restored));
			watch.assertAlwaysReady();
		}
	}

	private static void awaitEveryPodReadyInOneCluster() {
		awaitOrReport(() -> {
			List<KubePod> pods = pods();
			assertThat(pods).extracting(KubePod::name).containsExactly("sample-app-0", "sample-app-1", "sample-app-2");
			for (KubePod pod : pods) {
				assertThat(view(pod).memberNames()).as(pod.name() + " members").hasSize(3);
				assertThat(Readiness.of(pod).code()).as(pod.name() + " readiness").isEqualTo(200);
			}
			// ...and the kubelet's probes have told the API.
			assertThat(pods).allMatch(KubePod::ready);
		});
	}

	private static void awaitPods(int n) {
		awaitOrReport(() -> assertThat(pods()).hasSize(n).allMatch((pod) -> !pod.ip().isEmpty()));
	}

	private static void awaitOrReport(ThrowingRunnable assertion) {
		try {
			await().atMost(BOUND).pollInterval(Duration.ofMillis(500)).ignoreExceptions().untilAsserted(assertion);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + bed.podReport(), ex);
		}
	}

	private static KubePod pod(String name) {
		return sample.pod(name);
	}

	private static List<KubePod> pods() {
		return sample.pods();
	}

	private static ClusterView view(KubePod pod) throws IOException, InterruptedException {
		HttpResponse<String> response = get(pod, "/actuator/cluster");
		if (response.statusCode() != 200) {
			throw new IllegalStateException(pod.name() + " answered " + response.statusCode() + ": " + response.body());
		}
		return ClusterView.parse(response.body());
	}

	/** The member count a pod reports, or -1 when it does not answer. */
	private static int size(KubePod pod) {
		try {
			return view(pod).size();
		}
		catch (Exception ex) {
			return -1;
		}
	}

	private static HttpResponse<String> get(KubePod pod, String path) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + pod.ip() + ":" + SampleApp.port(path) + path))
			.timeout(Duration.ofSeconds(3))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * One answer of {@code /actuator/health/readiness}.
	 *
	 * @param code the HTTP status, 0 when nothing answered
	 * @param reason the {@code cluster} health's reason, empty when it gives none
	 */
	private record Readiness(int code, String reason) {

		static Readiness of(KubePod pod) {
			try {
				HttpResponse<String> response = get(pod, "/actuator/health/readiness");
				JsonNode cluster = SampleApp.JSON.readTree(response.body()).path("components").path("cluster");
				return new Readiness(response.statusCode(), cluster.path("details").path("reason").asString(""));
			}
			catch (IOException | RuntimeException ex) {
				return new Readiness(0, "no answer: " + ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return new Readiness(0, "interrupted");
			}
		}

	}

	/**
	 * Asks the survivors' readiness every 200 ms, as the kubelet's probe would, and
	 * follows the HTTP Service's ready endpoints through the watch of its EndpointSlices.
	 */
	private static final class ReadinessWatch implements AutoCloseable {

		private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

		private final List<String> refusals = new CopyOnWriteArrayList<>();

		private final AtomicInteger probes = new AtomicInteger();

		private final ReadyEndpoints endpoints = ReadyEndpoints.watch(bed, "default", "sample-app");

		ReadinessWatch(List<KubePod> survivors) {
			await("the watch lists all 3 ready endpoints").atMost(Duration.ofSeconds(30))
				.until(() -> this.endpoints.current() == 3);
			this.endpoints.measureFromNow();
			this.scheduler.scheduleWithFixedDelay(() -> survivors.forEach((pod) -> {
				Readiness readiness = Readiness.of(pod);
				this.probes.incrementAndGet();
				if (readiness.code() != 200) {
					this.refusals.add(pod.name() + ": " + readiness);
				}
			}), 0, 200, TimeUnit.MILLISECONDS);
		}

		void assertAlwaysReady() {
			int fewest = this.endpoints.minimum();
			List<String> changes = this.endpoints.changes();
			close();
			assertThat(this.probes).as("readiness probes of the survivors").hasPositiveValue();
			assertThat(this.refusals).as("survivors' readiness answers other than 200").isEmpty();
			System.out.printf("E2E-READY-ENDPOINTS fewest=%d%n", fewest);
			assertThat(fewest).as("fewest ready endpoints of Service sample-app: %s", changes)
				.isGreaterThanOrEqualTo(2);
		}

		@Override
		public void close() {
			// Probes in flight finish (an interrupted probe is no answer of the pod's).
			this.scheduler.shutdown();
			try {
				this.scheduler.awaitTermination(10, TimeUnit.SECONDS);
				this.endpoints.close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
