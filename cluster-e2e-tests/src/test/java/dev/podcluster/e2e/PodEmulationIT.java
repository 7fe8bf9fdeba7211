package dev.podcluster.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.podcluster.testsupport.dns.ServicePort;
import dev.podcluster.testsupport.pod.Deployment;
import dev.podcluster.testsupport.pod.HostCommand;
import dev.podcluster.testsupport.pod.Pod;
import dev.podcluster.testsupport.pod.PodTemplate;
import dev.podcluster.testsupport.pod.StatefulSet;
import dev.podcluster.testsupport.pod.TestBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Checks the emulation itself, with a stand-in container (a tiny Java HTTP server)
 * instead of the sample app: what a pod's hostname, /etc/hosts, resolv.conf, environment
 * and cluster DNS look like from inside, that this JVM reaches pods directly, and that a
 * pod reaches nothing beyond the pod network.
 */
class PodEmulationIT {

	@RegisterExtension
	static final TestBed bed = new TestBed();

	@Test
	void podsLookAndResolveLikeKubernetesPods() throws Exception {
		PodTemplate standIn = PodTemplate
			.of(List.of(SampleApp.java(), "-Xmx64m", "-XX:TieredStopAtLevel=1", standInSource()))
			.withDownwardApi(
					Map.of("POD_IP", "status.podIP", "POD_NAME", "metadata.name", "NAMESPACE", "metadata.namespace"))
			.withPorts(List.of(new ServicePort("hazelcast", "tcp", 5701)));
		StatefulSet statefulSet = bed.statefulSet("web", "web-cluster", "emulation", standIn);
		Deployment deployment = bed.deployment("api", "api-cluster", "emulation", standIn);
		List<Pod> pods = statefulSet.scaleTo(2);
		Pod web0 = statefulSet.pod(0);
		Pod api = deployment.scaleTo(1).get(0);
		for (Pod pod : List.of(pods.get(0), pods.get(1), api)) {
			await(pod + " answers").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> pod.get("/identity").statusCode() == 200);
		}

		// The container process is the PID we track (ip netns exec, setpriv, unshare and
		// sh all exec).
		assertThat(Files.readString(Path.of("/proc", String.valueOf(web0.pid()), "comm")).strip()).isEqualTo("java");

		// StatefulSet pod: hostname = pod name, FQDN from the kubelet's /etc/hosts.
		assertThat(inPod(web0, "hostname")).isEqualTo("web-0");
		assertThat(inPod(web0, "hostname", "-f")).isEqualTo("web-0.web-cluster.emulation.svc.cluster.local");
		String web0Identity = web0.get("/identity").body();
		assertThat(web0Identity).contains("hostName=web-0\n")
			.contains("canonicalHostName=web-0.web-cluster.emulation.svc.cluster.local\n")
			.contains("address=" + web0.ip() + "\n")
			.contains("env.POD_IP=" + web0.ip() + "\n")
			.contains("env.POD_NAME=web-0\n")
			.contains("env.NAMESPACE=emulation\n")
			.contains("env.HOSTNAME=web-0\n")
			.contains("env.KUBERNETES_SERVICE_HOST=10.96.0.1\n");
		assertThat(inPod(web0, "cat", "/etc/resolv.conf")).isEqualTo(
				"search emulation.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.244.0.2\noptions ndots:5");
		assertThat(inPod(web0, "cat", "/etc/hosts")).startsWith("# Kubernetes-managed hosts file.\n")
			.endsWith("\n" + web0.ip() + "\tweb-0.web-cluster.emulation.svc.cluster.local\tweb-0");
		// This JVM's own hostname is untouched.
		assertThat(InetAddress.getLocalHost().getHostName()).isNotEqualTo("web-0");

		// Deployment pod: hostname = pod name, and that is all `hostname -f` knows.
		assertThat(inPod(api, "hostname")).isEqualTo(api.name());
		assertThat(inPod(api, "hostname", "-f")).isEqualTo(api.name());
		assertThat(api.get("/identity").body()).contains("canonicalHostName=" + api.name() + "\n");

		// Cluster DNS, seen from inside a pod through its resolv.conf: SRV at the named
		// port and the
		// bare service name, A records per pod, search path for short names.
		String srv = web0.get("/srv?_hazelcast._tcp.web-cluster.emulation.svc.cluster.local.").body();
		assertThat(srv.lines().sorted().toList()).containsExactly(
				"0 50 5701 web-0.web-cluster.emulation.svc.cluster.local.",
				"0 50 5701 web-1.web-cluster.emulation.svc.cluster.local.");
		assertThat(web0.get("/srv?web-cluster.emulation.svc.cluster.local.").body().lines()).hasSize(2);
		assertThat(api.get("/srv?_hazelcast._tcp.api-cluster.emulation.svc.cluster.local.").body().strip())
			.isEqualTo("0 100 5701 " + api.ip().replace('.', '-') + ".api-cluster.emulation.svc.cluster.local.");
		assertThat(api.get("/resolve?web-cluster.emulation.svc.cluster.local").body().lines().sorted().toList())
			.containsExactlyInAnyOrderElementsOf(pods.stream().map(Pod::ip).toList());
		assertThat(api.get("/resolve?web-1.web-cluster").body().strip()).isEqualTo(statefulSet.pod(1).ip());

		// Nothing beyond the pod network: no default route in a pod.
		assertThat(inPod(web0, "ip", "route"))
			.isEqualTo("10.244.0.0/16 dev eth0 proto kernel scope link src " + web0.ip());
		HostCommand.Result outside = HostCommand
			.of("nsenter", "--target", String.valueOf(web0.pid()), "--net", "ip", "route", "get", "192.0.2.1")
			.runQuietly();
		assertThat(outside.status()).isNotZero();
		assertThat(outside.output()).contains("unreachable");

		// A cut link drops everything; restored, the pod answers again.
		web0.cutNetwork();
		assertThatThrownBy(() -> web0.get("/identity")).isInstanceOf(UncheckedIOException.class);
		web0.restoreNetwork();
		await("web-0 answers again").atMost(Duration.ofSeconds(20))
			.ignoreExceptions()
			.until(() -> web0.get("/identity").statusCode() == 200);

		// Scale down: SIGTERM ends the process; its DNS records go.
		statefulSet.scaleTo(1);
		assertThat(pods.get(1).isAlive()).isFalse();
		await("web-1 out of DNS").atMost(Duration.ofSeconds(10))
			.until(() -> web0.get("/srv?_hazelcast._tcp.web-cluster.emulation.svc.cluster.local.")
				.body()
				.lines()
				.count() == 1);
		HttpResponse<String> answer = web0.get("/srv?_hazelcast._tcp.web-cluster.emulation.svc.cluster.local.");
		assertThat(answer.body().strip()).isEqualTo("0 100 5701 web-0.web-cluster.emulation.svc.cluster.local.");
	}

	/**
	 * Run a command in the pod's own namespaces (mount, UTS, network), as `kubectl exec`
	 * would.
	 */
	private static String inPod(Pod pod, String... command) {
		List<String> full = new ArrayList<>(
				List.of("nsenter", "--target", String.valueOf(pod.pid()), "--mount", "--uts", "--net"));
		full.addAll(List.of(command));
		return new HostCommand(full).run().strip();
	}

	private static String standInSource() throws URISyntaxException {
		URL source = PodEmulationIT.class.getResource("/e2e/PodIdentity.java");
		if (source == null) {
			throw new IllegalStateException("e2e/PodIdentity.java is not on the test classpath");
		}
		return Path.of(source.toURI()).toString();
	}

}
