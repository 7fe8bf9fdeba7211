package dev.podcluster.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's workflow on the real control plane: the sample's StatefulSet overlay applied
 * with {@code kubectl apply -k}, scaled with {@code kubectl scale}, a pod deleted with
 * {@code kubectl delete pod}; CoreDNS answers the SRV queries, the controllers make and
 * remove the pods.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlStatefulSetIT {

	@RegisterExtension
	static final KubeBed bed = new KubeBed();

	private static final Duration BOUND = Duration.ofMinutes(4);

	private static final String SELECTOR = "app.kubernetes.io/name=sample-app";

	private static final String SRV_QUERY = "_hazelcast._tcp.sample-app-cluster.default.svc.cluster.local";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@Test
	@Order(1)
	void appliedWithKubectlThreePodsFormOneClusterNamedAfterTheirFqdns() throws Exception {
		long start = System.nanoTime();
		bed.kubectl("apply", "-k", "sample-app/k8s/overlays/statefulset");
		awaitEveryPodListing(3);
		Timing.report("kube-statefulset-apply", "formation", Timing.since(start));
		bed.kubectl("wait", "--for=condition=Ready", "pod", "-l", SELECTOR, "--timeout=180s");
		Timing.report("kube-statefulset-apply", "all-ready", Timing.since(start));

		for (KubePod pod : pods()) {
			ClusterView view = view(pod);
			assertThat(view.localName()).isEqualTo(fqdn(pod.name()));
			assertThat(view.namingMode()).isEqualTo("statefulset");
			assertThat(view.memberNames()).isEqualTo(fqdns(3));
			assertThat(view.discoveryQuery()).isEqualTo(SRV_QUERY + ".");
		}
		// As the seed checks it with nslookup: CoreDNS answers the SRV query with one
		// target per pod.
		KubePod first = pods().get(0);
		String answer = first.exec("dig", "+short", "SRV", SRV_QUERY);
		Set<String> targets = Arrays.stream(answer.strip().split("\n"))
			.map((line) -> line.split("\\s+"))
			.peek((fields) -> assertThat(fields[2]).as(answer).isEqualTo("5701"))
			.map((fields) -> fields[3].replaceAll("\\.$", ""))
			.collect(Collectors.toSet());
		assertThat(targets).isEqualTo(fqdns(3));
		assertThat(bed.kubectl("get", "pods", "-o", "wide")).contains("sample-app-0", "sample-app-1", "sample-app-2");
	}

	@Test
	@Order(2)
	void scaledFromThreeToFiveAndBackEveryPodListsTheMembersThere() {
		awaitEveryPodListing(3);
		long start = System.nanoTime();
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=5");
		awaitEveryPodListing(5);
		Timing.report("kube-statefulset-scale", "up-3-to-5", Timing.since(start));

		start = System.nanoTime();
		bed.kubectl("scale", "statefulset", "sample-app", "--replicas=3");
		awaitEveryPodListing(3);
		Timing.report("kube-statefulset-scale", "down-5-to-3-views", Timing.since(start));
		await().atMost(BOUND)
			.untilAsserted(
					() -> assertThat(podNames()).containsExactly("sample-app-0", "sample-app-1", "sample-app-2"));
		Timing.report("kube-statefulset-scale", "down-5-to-3-pods-gone", Timing.since(start));
	}

	@Test
	@Order(3)
	void aDeletedPodComesBackUnderItsNameAndRejoins() throws Exception {
		awaitEveryPodListing(3);
		KubePod before = pods().stream().filter((pod) -> pod.name().equals("sample-app-1")).findFirst().orElseThrow();
		long start = System.nanoTime();
		bed.kubectl("delete", "pod", "sample-app-1", "--wait=false");
		await().atMost(BOUND)
			.untilAsserted(() -> assertThat(pods()).anySatisfy((pod) -> assertThat(pod)
				.matches((p) -> p.name().equals("sample-app-1") && !p.uid().equals(before.uid()))));
		Timing.report("kube-statefulset-delete-pod", "recreated", Timing.since(start));
		awaitEveryPodListing(3);
		Timing.report("kube-statefulset-delete-pod", "rejoined", Timing.since(start));
		KubePod after = pods().stream().filter((pod) -> pod.name().equals("sample-app-1")).findFirst().orElseThrow();
		assertThat(view(after).localName()).isEqualTo(fqdn("sample-app-1"));
	}

	/**
	 * Wait until exactly the pods {@code sample-app-0..n-1} run and each lists exactly
	 * those as members.
	 */
	private static void awaitEveryPodListing(int n) {
		try {
			awaitEveryPodListingOrTimeOut(n);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "\n" + bed.podReport(), ex);
		}
	}

	private static void awaitEveryPodListingOrTimeOut(int n) {
		await().atMost(BOUND).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
			List<KubePod> pods = pods().stream().filter((pod) -> !pod.ip().isEmpty()).toList();
			assertThat(pods).extracting(KubePod::name)
				.containsAll(IntStream.range(0, n).mapToObj((i) -> "sample-app-" + i).toList());
			for (KubePod pod : pods) {
				if (Integer.parseInt(pod.name().substring("sample-app-".length())) < n) {
					assertThat(view(pod).memberNames()).as(pod.name()).isEqualTo(fqdns(n));
				}
			}
		});
	}

	private static Set<String> fqdns(int n) {
		return IntStream.range(0, n).mapToObj((i) -> fqdn("sample-app-" + i)).collect(Collectors.toSet());
	}

	private static String fqdn(String podName) {
		return podName + ".sample-app-cluster.default.svc.cluster.local";
	}

	private static List<String> podNames() {
		return pods().stream().map(KubePod::name).sorted().toList();
	}

	/**
	 * The sample's pods as the API server lists them, without those already terminating.
	 */
	private static List<KubePod> pods() {
		String table = bed.kubectl("get", "pods", "-l", SELECTOR, "-o",
				"jsonpath={range .items[*]}{.metadata.name} {.metadata.uid} {.status.podIP}"
						+ " {.metadata.deletionTimestamp} {.status.containerStatuses[0].containerID}{\"\\n\"}{end}");
		return table.lines()
			.map((line) -> line.split(" ", -1))
			.filter((fields) -> fields.length == 5 && fields[3].isEmpty())
			.map((fields) -> new KubePod(fields[0], fields[1], fields[2], fields[4]))
			.sorted((a, b) -> a.name().compareTo(b.name()))
			.toList();
	}

	private static ClusterView view(KubePod pod) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(HttpRequest
			.newBuilder(URI.create("http://" + pod.ip() + ":" + SampleApp.HTTP_PORT + "/actuator/cluster"))
			.timeout(Duration.ofSeconds(5))
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(pod.name() + " answered " + response.statusCode() + ": " + response.body());
		}
		return ClusterView.parse(response.body());
	}

	/**
	 * A pod as {@code kubectl get pods} lists it.
	 *
	 * @param name its name
	 * @param uid its UID (a pod recreated under the same name has a new one)
	 * @param ip its pod IP, empty until it has one
	 * @param containerId its container's ID, {@code kube-bed://<pid>}
	 */
	record KubePod(String name, String uid, String ip, String containerId) {

		/**
		 * Run a command in the pod's network and mount namespaces (its /etc/resolv.conf
		 * and /etc/hosts), as {@code kubectl exec} would.
		 */
		String exec(String... command) {
			String pid = this.containerId.substring(this.containerId.lastIndexOf('/') + 1);
			List<String> full = new ArrayList<>(
					List.of("nsenter", "--target", pid, "--net", "--mount", "--root", "--uts", "--"));
			full.addAll(List.of(command));
			try {
				Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
				String output = new String(process.getInputStream().readAllBytes());
				if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException(String.join(" ", full) + " failed: " + output);
				}
				return output;
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not run " + full, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
