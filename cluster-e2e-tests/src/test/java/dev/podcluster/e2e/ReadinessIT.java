package dev.podcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.podcluster.testsupport.pod.Pod;
import dev.podcluster.testsupport.pod.StatefulSet;
import dev.podcluster.testsupport.pod.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

/**
 * The readiness probe of the sample's manifests, {@code /actuator/health/readiness},
 * whose group holds the {@code cluster} health: no traffic before the member is in its
 * cluster, nor while it has fewer members than {@code cluster.expected-members}.
 */
class ReadinessIT {

	@RegisterExtension
	static final TestBed bed = new TestBed();

	static final Duration BOUND = Duration.ofSeconds(180);

	/** How long a refusing readiness is watched to stay refusing. */
	static final Duration HOLD = Duration.ofSeconds(5);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aPodIsNotReadyBeforeItsMemberHasJoinedTheCluster() {
		StatefulSet statefulSet = bed.statefulSet("sample-app", "sample-app-cluster", "join",
				SampleApp.pod(Map.of("CLUSTER_KUBERNETES_SERVICENAME", "sample-app-cluster")));
		List<Pod> first = statefulSet.scaleTo(2);
		Convergence.awaitOneCluster(first, Convergence.firstStart(first), BOUND);

		Pod joining = statefulSet.scaleTo(3).get(0);
		AtomicInteger refused = new AtomicInteger();
		await(joining + " ready").atMost(BOUND)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				Readiness readiness = Readiness.of(joining);
				if (readiness.code() != 200) {
					refused.incrementAndGet();
					return false;
				}
				// Ready: by now the member must be in the cluster of 3, not alone nor on
				// its way.
				ClusterView view = ClusterView.of(joining);
				assertThat(view.memberAddresses()).as(joining + " members when its readiness first said 200")
					.containsExactlyInAnyOrderElementsOf(
							statefulSet.pods().stream().map(SampleApp::memberAddress).toList());
				return true;
			});
		Timing.report("readiness", "ready-after-start-of-joining-pod", Timing.since(joining.startedNanos()));
		assertThat(refused).as("readiness answers before the pod was ready (no answer or not 200)").hasPositiveValue();
	}

	@Test
	void expectedMembersHoldTheFirstPodsReadinessUntilAllHaveJoined() {
		StatefulSet statefulSet = bed.statefulSet("sample-app", "sample-app-cluster", "expected", SampleApp
			.pod(Map.of("CLUSTER_KUBERNETES_SERVICENAME", "sample-app-cluster", "CLUSTER_EXPECTEDMEMBERS", "3")));
		// One pod at a time (podManagementPolicy: OrderedReady would wait forever on a
		// readiness that waits for
		// all pods, which is why the sample's StatefulSet is Parallel; here each waits
		// for the previous to join).
		Pod first = statefulSet.scaleTo(1).get(0);
		await(first + " answers").atMost(BOUND)
			.pollInterval(Convergence.POLL_INTERVAL)
			.ignoreExceptions()
			.until(() -> Readiness.of(first).code() > 0);
		assertRefusingDuring(first, 1);

		Pod second = statefulSet.scaleTo(2).get(0);
		Convergence.awaitOneCluster(statefulSet.pods(), second.startedNanos(), BOUND);
		assertRefusingDuring(first, 2);
		assertRefusingDuring(second, 2);

		Pod third = statefulSet.scaleTo(3).get(0);
		long thirdStarted = third.startedNanos();
		for (Pod pod : statefulSet.pods()) {
			await(pod + " ready").atMost(BOUND)
				.pollInterval(Convergence.POLL_INTERVAL)
				.untilAsserted(() -> assertThat(Readiness.of(pod)).isEqualTo(new Readiness(200, "UP")));
		}
		Timing.report("readiness", "all-ready-after-start-of-third-pod", Timing.since(thirdStarted));
		Convergence.assertOneCluster(statefulSet.pods());
	}

	/**
	 * Readiness refuses (503, OUT_OF_SERVICE) all through {@link #HOLD}, with the pod's
	 * cluster this size.
	 */
	private static void assertRefusingDuring(Pod pod, int members) {
		await(pod + " readiness refusing with " + members + " member(s) of 3").during(HOLD)
			.atMost(HOLD.plusSeconds(10))
			.pollInterval(Convergence.POLL_INTERVAL)
			.untilAsserted(() -> {
				Readiness readiness = Readiness.of(pod);
				assertThat(readiness.code()).as(pod + " readiness HTTP status").isEqualTo(503);
				assertThat(readiness.status()).as(pod + " readiness").isEqualTo("OUT_OF_SERVICE");
				assertThat(ClusterView.of(pod).size()).as(pod + " members").isEqualTo(members);
			});
	}

	/**
	 * One answer of {@code /actuator/health/readiness}.
	 *
	 * @param code the HTTP status, 0 when nothing answered
	 * @param status the health status in the body
	 */
	private record Readiness(int code, String status) {

		static Readiness of(Pod pod) {
			HttpResponse<String> response;
			try {
				response = pod.get("/actuator/health/readiness");
			}
			catch (RuntimeException ex) {
				return new Readiness(0, "no answer: " + ex.getMessage());
			}
			return new Readiness(response.statusCode(), JSON.readTree(response.body()).path("status").asString());
		}

	}

}
