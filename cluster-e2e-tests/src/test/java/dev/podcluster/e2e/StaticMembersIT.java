package dev.podcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.podcluster.testsupport.pod.Pod;
import dev.podcluster.testsupport.pod.StatefulSet;
import dev.podcluster.testsupport.pod.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's hard-coded member list: the DNS names of a fixed three-pod StatefulSet, no
 * SRV lookup.
 */
class StaticMembersIT {

	@RegisterExtension
	static final TestBed bed = new TestBed();

	@Test
	void theSeedsHardCodedMemberListFormsOneCluster() {
		String members = "sample-app-0.sample-app-cluster.fixed.svc.cluster.local,"
				+ "sample-app-1.sample-app-cluster.fixed.svc.cluster.local,"
				+ "sample-app-2.sample-app-cluster.fixed.svc.cluster.local";
		StatefulSet statefulSet = bed.statefulSet("sample-app", "sample-app-cluster", "fixed",
				SampleApp.pod(Map.of("CLUSTER_KUBERNETES_SERVICENAME", "sample-app-cluster", "CLUSTER_DISCOVERY_MODE",
						"static", "CLUSTER_DISCOVERY_STATIC_MEMBERS", members)));
		List<Pod> pods = statefulSet.scaleTo(3);
		Timing.report("4-static-members", "formation",
				Convergence.awaitOneCluster(pods, Convergence.firstStart(pods), Duration.ofSeconds(180)));

		for (Pod pod : pods) {
			ClusterView view = ClusterView.of(pod);
			assertThat(view.discoveryMode()).as(pod + " discovery").isEqualTo("static");
			assertThat(view.localName()).as(pod + " name").isEqualTo(statefulSet.fqdn(pod));
			assertThat(view.memberNames()).as(pod + " member names")
				.isEqualTo(Set.of(statefulSet.fqdn(0), statefulSet.fqdn(1), statefulSet.fqdn(2)));
		}
	}

}
