package dev.podcluster.testsupport.pod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs pods the way the kubelet does: a sandbox with the pod IP, the {@code /etc/hosts}
 * and {@code /etc/resolv.conf} the kubelet writes, the pod's hostname, the Kubernetes
 * service variables and the downward-API variables its template declares.
 */
final class Kubelet {

	static final String CLUSTER_DOMAIN = "cluster.local";

	/** The {@code kubernetes} Service's ClusterIP: only a marker, never contacted. */
	static final String KUBERNETES_SERVICE_HOST = "10.96.0.1";

	private final PodNetwork network;

	private final String nameserver;

	private final Path logDirectory;

	private final Path podsDirectory;

	private final List<Pod> pods = new CopyOnWriteArrayList<>();

	Kubelet(PodNetwork network, String nameserver, Path logDirectory, Path podsDirectory) {
		this.network = network;
		this.nameserver = nameserver;
		this.logDirectory = logDirectory;
		this.podsDirectory = podsDirectory;
	}

	/**
	 * Create the pod's sandbox (which gives it its IP). The container starts with
	 * {@link #start}.
	 * @param spec the pod
	 * @return the sandbox
	 */
	PodSandbox createSandbox(PodSpec spec) {
		PodSandbox sandbox = this.network.newSandbox(spec.namespace() + "-" + spec.name());
		sandbox.writeEtc(hostsFile(spec, sandbox.ip()), resolvConf(spec.namespace()));
		return sandbox;
	}

	/**
	 * Start the pod's container in its sandbox.
	 * @param spec the pod
	 * @param sandbox its sandbox, from {@link #createSandbox}
	 * @return the running pod
	 */
	Pod start(PodSpec spec, PodSandbox sandbox) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
		environment.put("HOME", "/root");
		environment.put("HOSTNAME", spec.effectiveHostname());
		environment.put("KUBERNETES_SERVICE_HOST", KUBERNETES_SERVICE_HOST);
		environment.put("KUBERNETES_SERVICE_PORT", "443");
		environment.put("KUBERNETES_SERVICE_PORT_HTTPS", "443");
		environment.put("KUBERNETES_PORT", "tcp://" + KUBERNETES_SERVICE_HOST + ":443");
		spec.template()
			.downwardApi()
			.forEach((variable, fieldPath) -> environment.put(variable, field(fieldPath, spec, sandbox)));
		environment.putAll(spec.template().environment());
		Path log = this.logDirectory.resolve(spec.namespace() + "_" + spec.name() + ".log");
		writeLogHeader(log, spec, sandbox);
		long started = System.nanoTime();
		Process process = this.network.launch(sandbox, spec.effectiveHostname(), environment, spec.template().command(),
				this.podsDirectory.resolve(sandbox.netns()), log);
		Pod pod = new Pod(spec, sandbox, process, log, started);
		this.pods.add(pod);
		return pod;
	}

	/**
	 * SIGTERM the pod's container, SIGKILL it after the grace period, then delete its
	 * sandbox.
	 * @param pod the pod
	 * @param gracePeriod {@code terminationGracePeriodSeconds}
	 * @return whether it exited by itself within the grace period
	 */
	boolean terminate(Pod pod, Duration gracePeriod) {
		boolean exited = pod.sigterm(gracePeriod);
		this.network.remove(pod.sandbox());
		return exited;
	}

	/** SIGKILL the pod's container and delete its sandbox. */
	void kill(Pod pod) {
		pod.sigkill();
		this.network.remove(pod.sandbox());
	}

	/** Every pod this kubelet started, running or not. */
	List<Pod> pods() {
		return List.copyOf(this.pods);
	}

	/** The hosts file the kubelet manages in every pod (pkg/kubelet/kubelet_pods.go). */
	static String hostsFile(PodSpec spec, String ip) {
		StringBuilder hosts = new StringBuilder("# Kubernetes-managed hosts file.\n").append("127.0.0.1\tlocalhost\n")
			.append("::1\tlocalhost ip6-localhost ip6-loopback\n")
			.append("fe00::0\tip6-localnet\n")
			.append("fe00::0\tip6-mcastprefix\n")
			.append("fe00::1\tip6-allnodes\n")
			.append("fe00::2\tip6-allrouters\n");
		String hostname = spec.effectiveHostname();
		if (spec.subdomain() != null) {
			hosts.append(ip)
				.append('\t')
				.append(hostname)
				.append('.')
				.append(spec.subdomain())
				.append('.')
				.append(spec.namespace())
				.append(".svc.")
				.append(CLUSTER_DOMAIN)
				.append('\t')
				.append(hostname)
				.append('\n');
		}
		else {
			hosts.append(ip).append('\t').append(hostname).append('\n');
		}
		return hosts.toString();
	}

	/** The resolv.conf of a pod with the default {@code dnsPolicy: ClusterFirst}. */
	String resolvConf(String namespace) {
		return "search " + namespace + ".svc." + CLUSTER_DOMAIN + " svc." + CLUSTER_DOMAIN + " " + CLUSTER_DOMAIN
				+ "\nnameserver " + this.nameserver + "\noptions ndots:5\n";
	}

	private static String field(String fieldPath, PodSpec spec, PodSandbox sandbox) {
		return switch (fieldPath) {
			case "metadata.name" -> spec.name();
			case "metadata.namespace" -> spec.namespace();
			case "status.podIP" -> sandbox.ip();
			default -> throw new IllegalArgumentException(
					"Field path " + fieldPath + " is not one of " + PodTemplate.FIELD_PATHS);
		};
	}

	private static void writeLogHeader(Path log, PodSpec spec, PodSandbox sandbox) {
		try {
			Files.createDirectories(log.getParent());
			Files.writeString(log,
					"=== " + Instant.now() + " pod " + spec.namespace() + "/" + spec.name() + " ip " + sandbox.ip()
							+ " netns " + sandbox.netns() + ": " + String.join(" ", spec.template().command()) + "\n",
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
