package dev.podcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.podcluster.testsupport.pod.Pod;
import dev.podcluster.testsupport.pod.StatefulSet;
import dev.podcluster.testsupport.pod.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cluster DNS down for 30 s under a running cluster: nobody leaves, the error shows, and
 * once DNS is back the error clears and a new pod joins.
 */
class DnsOutageIT {

	@RegisterExtension
	static final TestBed bed = new TestBed();

	static final Duration BOUND = Duration.ofSeconds(180);

	static final Duration OUTAGE = Duration.ofSeconds(30);

	@Test
	void aClusterDnsOutageLosesNoMemberIsReportedAndHeals() {
		StatefulSet statefulSet = bed.statefulSet("sample-app", "sample-app-cluster", "outage",
				SampleApp.pod(Map.of("CLUSTER_KUBERNETES_SERVICENAME", "sample-app-cluster")));
		List<Pod> pods = statefulSet.scaleTo(3);
		Timing.report("6-dns-outage", "formation",
				Convergence.awaitOneCluster(pods, Convergence.firstStart(pods), BOUND));

		long stopped = System.nanoTime();
		bed.dns().stop();
		Set<String> reported = ConcurrentHashMap.newKeySet();
		AtomicLong allReported = new AtomicLong();
		await("one cluster of 3 all through the DNS outage").during(OUTAGE)
			.atMost(OUTAGE.plusSeconds(10))
			.pollInterval(Convergence.POLL_INTERVAL)
			.untilAsserted(() -> Convergence.assertOneCluster(pods).forEach((pod, view) -> {
				if (view.discoveryError() != null && reported.add(pod.name()) && reported.size() == pods.size()) {
					allReported.set(System.nanoTime());
				}
			}));
		assertThat(reported).as("pods whose /actuator/cluster showed the DNS error during the outage")
			.containsExactlyInAnyOrder("sample-app-0", "sample-app-1", "sample-app-2");
		Timing.report("6-dns-outage", "error-shown-on-all", Duration.ofNanos(allReported.get() - stopped));
		System.out.println("[e2e] discovery error during the outage: " + ClusterView.of(pods.get(0)).discoveryError());

		bed.dns().start();
		long restarted = System.nanoTime();
		await("DNS error cleared").atMost(Duration.ofSeconds(60))
			.pollInterval(Convergence.POLL_INTERVAL)
			.untilAsserted(() -> Convergence.assertOneCluster(pods)
				.forEach((pod, view) -> assertThat(view.discoveryError()).as(pod + " discovery error").isNull()));
		Timing.report("6-dns-outage", "error-cleared-after-dns-back", Timing.since(restarted));

		List<Pod> added = statefulSet.scaleTo(4);
		Timing.report("6-dns-outage", "join-after-dns-back",
				Convergence.awaitOneCluster(statefulSet.pods(), Convergence.firstStart(added), BOUND));
	}

}
