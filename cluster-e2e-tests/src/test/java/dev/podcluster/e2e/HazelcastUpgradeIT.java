package dev.podcluster.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rollout to another Hazelcast minor version, as a user rolls it: the sample's
 * StatefulSet on Hazelcast 5.5.0 (what Spring Boot 4.1.2's dependency management brings),
 * then {@code kubectl set image} to the sample on 5.7.0. Hazelcast Community members of
 * different minor versions never form one cluster: the first new pod is refused, stops,
 * and restarts (CrashLoopBackOff), so the rollout waits on it while the old pods keep
 * serving as one cluster with every entry; their oldest member shows the refused join at
 * {@code /actuator/cluster} and in its health, and the new pod's log says what to do.
 * {@code kubectl rollout undo} then brings the third pod back on the old version, with
 * nothing lost.
 */
class HazelcastUpgradeIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final KubeSample sample = new KubeSample(bed, "default", KubeSample.SELECTOR);

	private static final Duration BOUND = Duration.ofMinutes(3);

	private static final String NEW_IMAGE = "sample-app:0.1.0-SNAPSHOT";

	private static final String NEW_VERSION = "5.7.0";

	@Test
	void aRolloutToAnotherHazelcastMinorVersionWaitsOnItsFirstPodAndLosesNothing() throws Exception {
		String previousVersion = SampleOnHazelcast.previousVersion();
		String previousMinor = previousVersion.substring(0, previousVersion.lastIndexOf('.'));
		String previousImage = SampleOnHazelcast.image(previousVersion);
		KustomizeDir dir = KustomizeDir.create(bed.repository(), "hazelcast-upgrade");
		dir.kustomization("""
				resources:
				  - %s
				images:
				  - name: sample-app
				    newTag: %s
				""".formatted(dir.relative("sample-app/k8s/overlays/statefulset"),
				previousImage.substring(previousImage.indexOf(':') + 1)));
		long start = System.nanoTime();
		bed.kubectl("apply", "-k", dir.toString());
		sample.awaitOneCluster(3, BOUND);
		bed.kubectl("rollout", "status", "statefulset/sample-app", "--timeout=120s");
		Timing.report("kube-hazelcast-upgrade", "formed-on-" + previousVersion, Timing.since(start));
		List<KubePod> old = sample.pods();
		Map<String, String> written = Entries.write(KubeSample.http(old), "upgrade-", 1000, Duration.ofMinutes(2));

		start = System.nanoTime();
		bed.kubectl("set", "image", "statefulset/sample-app", "sample-app=" + NEW_IMAGE);
		Set<String> oldUids = old.stream().map(KubePod::uid).collect(Collectors.toSet());
		// The StatefulSet replaces the highest ordinal first, and waits for it to be
		// Ready.
		KubePod[] refused = new KubePod[1];
		await("sample-app-2 on " + NEW_IMAGE + " refused and restarted").atMost(BOUND)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> {
				JsonNode pod = bed.kubectlJson("get", "pod", "sample-app-2", "-o", "json");
				assertThat(oldUids).doesNotContain(pod.path("metadata").path("uid").asString());
				assertThat(pod.path("spec").path("containers").get(0).path("image").asString()).isEqualTo(NEW_IMAGE);
				assertThat(pod.path("status").path("containerStatuses").get(0).path("restartCount").asInt())
					.as("restarts of the new sample-app-2")
					.isPositive();
				refused[0] = KubePod.of(pod);
			});
		Timing.report("kube-hazelcast-upgrade", "new-pod-refused-and-restarted", Timing.since(start));
		assertThat(refused[0].ready()).isFalse();
		Path firstRun = bed.containerLog(refused[0], "sample-app", 0);
		assertThat(Files.readString(firstRun)).as("the new pod's first run, %s", firstRun)
			.contains("This member cannot join cluster 'sample-app': the cluster runs Hazelcast " + previousMinor
					+ " and refused this member, which runs Hazelcast " + NEW_VERSION)
			.contains("kubectl rollout undo");
		assertThat(bed.kubectl("rollout", "status", "statefulset/sample-app", "--watch=false"))
			.as("kubectl rollout status while the new pod is refused")
			.contains("Waiting for 1 pods to be ready")
			.doesNotContain("complete");

		// The old pods: one cluster of 2 that serves every entry, Ready, and shows the
		// refusal.
		List<KubePod> serving = sample.pods().stream().filter((pod) -> oldUids.contains(pod.uid())).toList();
		assertThat(serving).extracting(KubePod::name).containsExactly("sample-app-0", "sample-app-1");
		assertThat(serving).allMatch(KubePod::ready);
		KubeSample.assertOneCluster(serving);
		Entries.assertAllReadable(KubeSample.http(serving), written, Duration.ofMinutes(1));
		KubePod oldest = KubeSample.oldest(serving);
		JsonNode refusedJoin = oldest.http().json("/actuator/cluster").path("refusedJoin");
		assertThat(refusedJoin.path("joiningVersion").asString()).isEqualTo(NEW_VERSION);
		assertThat(refusedJoin.path("clusterVersion").asString()).isEqualTo(previousMinor);
		assertThat(refusedJoin.path("thisMember").asBoolean()).isFalse();
		JsonNode health = oldest.http().json("/actuator/health");
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("cluster").path("details").path("refusedJoin").asString()).contains(
				"a member of Hazelcast " + NEW_VERSION + " asked to join",
				"this cluster runs Hazelcast " + previousMinor);
		System.out.println("[e2e] " + oldest + " /actuator/cluster refusedJoin: " + refusedJoin);
		System.out.println("[e2e] kubectl get pods while the rollout waits:\n" + bed.kubectl("get", "pods"));

		// Undone, the rollout puts sample-app-2 back on the old version: 3 members, every
		// entry.
		start = System.nanoTime();
		bed.kubectl("rollout", "undo", "statefulset/sample-app");
		sample.awaitRolledOut("statefulset/sample-app", BOUND);
		Map<KubePod, ClusterView> views = sample.awaitOneCluster(3, BOUND);
		Timing.report("kube-hazelcast-upgrade", "undone", Timing.since(start));
		assertThat(views.keySet()).extracting(KubePod::name)
			.containsExactly("sample-app-0", "sample-app-1", "sample-app-2");
		assertThat(bed.kubectlJson("get", "pod", "sample-app-2", "-o", "json")
			.path("spec")
			.path("containers")
			.get(0)
			.path("image")
			.asString()).isEqualTo(previousImage);
		Entries.assertAllReadable(KubeSample.http(List.copyOf(views.keySet())), written, Duration.ofMinutes(1));
	}

}
