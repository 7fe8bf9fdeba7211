package dev.podcluster.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * A pod as the API server lists it ({@code kubectl get pods -o json}).
 *
 * @param name its name
 * @param uid its UID (a pod recreated under the same name has a new one)
 * @param ip its pod IP, empty until it has one
 * @param node the Node it is bound to, empty until scheduled
 * @param ready whether its {@code Ready} condition is {@code True}
 * @param terminating whether it is being deleted ({@code metadata.deletionTimestamp})
 * @param containerId its container's ID, {@code kube-bed://<pid>}, empty until it runs
 */
record KubePod(String name, String uid, String ip, String node, boolean ready, boolean terminating,
		String containerId) {

	static KubePod of(JsonNode pod) {
		boolean ready = pod.path("status")
			.path("conditions")
			.values()
			.stream()
			.anyMatch((condition) -> "Ready".equals(condition.path("type").asString(""))
					&& "True".equals(condition.path("status").asString("")));
		return new KubePod(pod.path("metadata").path("name").asString(""),
				pod.path("metadata").path("uid").asString(""), pod.path("status").path("podIP").asString(""),
				pod.path("spec").path("nodeName").asString(""), ready,
				!pod.path("metadata").path("deletionTimestamp").isMissingNode(),
				pod.path("status").path("containerStatuses").path(0).path("containerID").asString(""));
	}

	/** Its HTTP API, at its pod IP. */
	PodHttp http() {
		return new PodHttp(this.name, this.ip);
	}

	/** Its Hazelcast address as members report it: {@code <pod IP>:5701}. */
	String memberAddress() {
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
		long pid = Long.parseLong(this.containerId.substring(this.containerId.lastIndexOf('/') + 1));
		return ProcessHandle.of(pid)
			.map((root) -> Stream.concat(Stream.of(root), root.descendants()).toList())
			.orElse(List.of());
	}

	/**
	 * Run a command in the pod's network and mount namespaces (its /etc/resolv.conf and
	 * /etc/hosts), as {@code kubectl exec} would (the bed has no kubelet API to serve
	 * {@code exec}).
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

	@Override
	public String toString() {
		return this.name + " (" + this.ip + (this.node.isEmpty() ? "" : " on " + this.node)
				+ (this.ready ? ", Ready" : "") + (this.terminating ? ", terminating" : "") + ")";
	}

}
