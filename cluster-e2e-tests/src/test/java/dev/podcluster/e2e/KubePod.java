package dev.podcluster.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * A pod as the API server lists it ({@code kubectl get pods -o json}).
 *
 * @param namespace its namespace
 * @param name its name
 * @param uid its UID (a pod recreated under the same name has a new one)
 * @param ip its pod IP, empty until it has one
 * @param node the Node it is bound to, empty until scheduled
 * @param ready whether its {@code Ready} condition is {@code True}
 * @param terminating whether it is being deleted ({@code metadata.deletionTimestamp})
 * @param containerId its container's ID, {@code kube-bed://<pid>}, empty until it runs
 */
public record KubePod(String namespace, String name, String uid, String ip, String node, boolean ready,
		boolean terminating, String containerId) {

	/**
	 * Read one item of {@code kubectl get pods -o json}.
	 * @param pod the item
	 * @return the pod
	 */
	public static KubePod of(JsonNode pod) {
		boolean ready = pod.path("status")
			.path("conditions")
			.values()
			.stream()
			.anyMatch((condition) -> "Ready".equals(condition.path("type").asString(""))
					&& "True".equals(condition.path("status").asString("")));
		return new KubePod(pod.path("metadata").path("namespace").asString(""),
				pod.path("metadata").path("name").asString(""), pod.path("metadata").path("uid").asString(""),
				pod.path("status").path("podIP").asString(""), pod.path("spec").path("nodeName").asString(""), ready,
				!pod.path("metadata").path("deletionTimestamp").isMissingNode(),
				pod.path("status").path("containerStatuses").path(0).path("containerID").asString(""));
	}

	/** Its HTTP API, at its pod IP. */
	PodHttp http() {
		return new PodHttp(this.name, this.ip);
	}

	/**
	 * Its Hazelcast address as members report it.
	 * @return {@code <pod IP>:5701}
	 */
	public String memberAddress() {
		return this.ip + ":" + SampleApp.HAZELCAST_PORT;
	}

	/**
	 * The processes of its container as they run now: the one the node agent started and
	 * its descendants (the JVM among them); none before the container runs or after it is
	 * gone.
	 */
	List<ProcessHandle> processes() {
		if (this.containerId.isEmpty()) {
			return List.of();
		}
		return ProcessHandle.of(containerPid())
			.map((root) -> Stream.concat(Stream.of(root), root.descendants()).toList())
			.orElse(List.of());
	}

	/**
	 * Run a command in the pod's network and mount namespaces (its /etc/resolv.conf and
	 * /etc/hosts), as {@code kubectl exec} would (the bed has no kubelet API to serve
	 * {@code exec}).
	 */
	String exec(String... command) {
		List<String> full = new ArrayList<>(List.of("nsenter", "--target", String.valueOf(containerPid()), "--net",
				"--mount", "--root", "--uts", "--"));
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

	/**
	 * The container's process, as the node agent started it.
	 * @return its PID on this host
	 * @throws IllegalStateException when the container does not run yet
	 */
	public long containerPid() {
		if (this.containerId.isEmpty()) {
			throw new IllegalStateException(this + " has no running container");
		}
		return Long.parseLong(this.containerId.substring(this.containerId.lastIndexOf('/') + 1));
	}

	/**
	 * The container's JVM: the container's process or the descendant that runs java.
	 * @return its PID on this host
	 * @throws IllegalStateException when no java process runs in the container
	 */
	public long javaPid() {
		return processes().stream()
			.filter((process) -> process.info().command().map((command) -> command.endsWith("/java")).orElse(false))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No java process under " + this))
			.pid();
	}

	/**
	 * Send a signal to the pod's JVM, the way a node's kernel or a debugger would
	 * (SIGKILL: a crash; SIGSTOP: a hang; SIGCONT: the end of a pause).
	 * @param signal the signal's name without {@code SIG}, e.g. {@code STOP}
	 */
	public void signal(String signal) {
		host("kill", "-" + signal, String.valueOf(javaPid()));
	}

	/**
	 * Drop every packet in and out of the pod's network namespace: the pod's network
	 * vanishes, as when its node does, while it runs on.
	 */
	public void cutNetwork() {
		firewall("-I");
	}

	/** Let the pod's packets through again after {@link #cutNetwork()}. */
	public void restoreNetwork() {
		firewall("-D");
	}

	/**
	 * Drop the member traffic (TCP to and from the Hazelcast port) between this pod and
	 * the given ones, both ways, while its HTTP port stays reachable: a network partition
	 * between members whose clients can still reach either side.
	 * @param peers the pods on the other side of the cut
	 */
	public void cutMemberTraffic(List<KubePod> peers) {
		memberFirewall("-I", peers);
	}

	/** Let the member traffic through again after {@link #cutMemberTraffic(List)}. */
	public void restoreMemberTraffic(List<KubePod> peers) {
		memberFirewall("-D", peers);
	}

	private void memberFirewall(String operation, List<KubePod> peers) {
		String pid = String.valueOf(javaPid());
		String port = String.valueOf(SampleApp.HAZELCAST_PORT);
		for (KubePod peer : peers) {
			for (String direction : List.of("--dport", "--sport")) {
				host("nsenter", "--target", pid, "--net", "--", "iptables", "-w", operation, "INPUT", "-s", peer.ip(),
						"-p", "tcp", direction, port, "-j", "DROP");
				host("nsenter", "--target", pid, "--net", "--", "iptables", "-w", operation, "OUTPUT", "-d", peer.ip(),
						"-p", "tcp", direction, port, "-j", "DROP");
			}
		}
	}

	private void firewall(String operation) {
		String pid = String.valueOf(javaPid());
		for (String chain : List.of("INPUT", "OUTPUT")) {
			host("nsenter", "--target", pid, "--net", "--", "iptables", "-w", operation, chain, "-j", "DROP");
		}
	}

	private static void host(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + List.of(command), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public String toString() {
		return this.name + " (" + this.ip + (this.node.isEmpty() ? "" : " on " + this.node)
				+ (this.ready ? ", Ready" : "") + (this.terminating ? ", terminating" : "") + ")";
	}

}
