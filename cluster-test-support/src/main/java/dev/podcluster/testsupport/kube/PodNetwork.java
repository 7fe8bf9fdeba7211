package dev.podcluster.testsupport.kube;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod sandboxes on the bridge: a network namespace per pod with a veth pair, an IP from
 * its Node's pod CIDR, a route to the cluster's pod network on the link and one to the
 * Service range through the bridge, and no default route, so nothing a pod sends leaves
 * the machine.
 */
final class PodNetwork {

	private static final Logger logger = LoggerFactory.getLogger(PodNetwork.class);

	private final String bridge;

	private final String gateway;

	private final Ipv4Cidr clusterCidr;

	private final String serviceCidr;

	private final Map<String, PodAddressPool> pools = new ConcurrentHashMap<>();

	PodNetwork(String bridge, String gateway, Ipv4Cidr clusterCidr, String serviceCidr) {
		this.bridge = bridge;
		this.gateway = gateway;
		this.clusterCidr = clusterCidr;
		this.serviceCidr = serviceCidr;
	}

	/**
	 * Read the cluster network from the bridge's address.
	 * @param bridge the bridge
	 * @param gateway its address
	 * @return the prefix of the address on the bridge
	 */
	static Ipv4Cidr bridgeNetwork(String bridge, String gateway) {
		String output = HostCommand.of("ip", "-o", "-4", "addr", "show", "dev", bridge).run();
		for (String word : output.split("\\s+")) {
			if (word.startsWith(gateway + "/")) {
				return Ipv4Cidr.parse(word);
			}
		}
		throw new IllegalStateException("Bridge " + bridge + " does not have the address " + gateway + ": " + output);
	}

	/**
	 * Make the pod CIDR of a Node known.
	 * @param node the Node
	 * @param podCidr its {@code spec.podCIDR}
	 */
	void addNode(String node, String podCidr) {
		this.pools.computeIfAbsent(node, (name) -> new PodAddressPool(Ipv4Cidr.parse(podCidr)));
	}

	boolean hasNode(String node) {
		return this.pools.containsKey(node);
	}

	/**
	 * Create a pod's sandbox.
	 * @param node the pod's Node
	 * @param shortId a short unique id of the pod
	 * @return the sandbox
	 * @throws IllegalStateException when the Node has no pod CIDR yet, its addresses are
	 * used up, or a command fails
	 */
	PodSandbox create(String node, String shortId) {
		PodAddressPool pool = this.pools.get(node);
		if (pool == null) {
			throw new IllegalStateException("Node " + node + " has no spec.podCIDR yet");
		}
		String ip = pool.allocate();
		if (ip == null) {
			throw new IllegalStateException("No free pod IP in " + pool.cidr() + " of node " + node);
		}
		PodSandbox sandbox = new PodSandbox("kb-" + shortId, "kbv" + shortId, ip, node);
		try {
			remove(sandbox, false);
			HostCommand.of("ip", "netns", "add", sandbox.netns()).run();
			HostCommand
				.of("ip", "link", "add", "name", sandbox.hostVeth(), "type", "veth", "peer", "name", "eth0", "netns",
						sandbox.netns())
				.run();
			HostCommand.of("ip", "link", "set", "dev", sandbox.hostVeth(), "master", this.bridge, "up").run();
			// As the CNI bridge plugin: a pod reaching a Service that picks the pod
			// itself gets its packets back through the same port.
			HostCommand.of("ip", "link", "set", "dev", sandbox.hostVeth(), "type", "bridge_slave", "hairpin", "on")
				.run();
			String netns = sandbox.netns();
			HostCommand.of("ip", "-n", netns, "link", "set", "dev", "lo", "up").run();
			HostCommand.of("ip", "-n", netns, "addr", "add", ip + "/" + this.clusterCidr.prefixLength(), "dev", "eth0")
				.run();
			// As the CNI bridge plugin: a MAC made from the IP, so a pod that gets an IP
			// used before is not answered at the old pod's MAC from stale neighbour
			// entries.
			HostCommand.of("ip", "-n", netns, "link", "set", "dev", "eth0", "address", mac(ip)).run();
			HostCommand.of("ip", "-n", netns, "link", "set", "dev", "eth0", "up").run();
			HostCommand.of("ip", "-n", netns, "route", "add", this.serviceCidr, "via", this.gateway, "dev", "eth0")
				.run();
			return sandbox;
		}
		catch (RuntimeException ex) {
			remove(sandbox, true);
			throw ex;
		}
	}

	/**
	 * Remove a sandbox: kill what still runs in it (by PID), delete the veth pair and the
	 * namespace, release the IP.
	 * @param sandbox the sandbox
	 * @param release whether to give the IP back
	 */
	void remove(PodSandbox sandbox, boolean release) {
		killRemaining(sandbox);
		HostCommand.Result unlinked = HostCommand.of("ip", "link", "delete", "dev", sandbox.hostVeth()).runQuietly();
		if (unlinked.status() != 0 && !unlinked.output().contains("Cannot find device")) {
			logger.warn("Could not delete link {}: {}", sandbox.hostVeth(), unlinked.output().strip());
		}
		HostCommand.Result deleted = HostCommand.of("ip", "netns", "delete", sandbox.netns()).runQuietly();
		if (deleted.status() != 0 && !deleted.output().contains("No such file")) {
			logger.warn("Could not delete network namespace {}: {}", sandbox.netns(), deleted.output().strip());
		}
		if (release) {
			PodAddressPool pool = this.pools.get(sandbox.node());
			if (pool != null) {
				pool.release(sandbox.ip());
			}
		}
	}

	private static void killRemaining(PodSandbox sandbox) {
		HostCommand.Result pids = HostCommand.of("ip", "netns", "pids", sandbox.netns()).runQuietly();
		if (pids.status() != 0) {
			return;
		}
		for (String pid : pids.output().strip().split("\\s+")) {
			if (pid.matches("\\d+")) {
				ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
			}
		}
	}

	/** The network namespaces a previous agent left behind (named {@code kb-...}). */
	static List<String> leftoverNamespaces() {
		HostCommand.Result list = HostCommand.of("ip", "netns", "list").runQuietly();
		return list.output()
			.lines()
			.map((line) -> line.split("\\s+")[0])
			.filter((name) -> name.startsWith("kb-"))
			.toList();
	}

	private static String mac(String ip) {
		StringBuilder mac = new StringBuilder("0a:58");
		for (String octet : ip.split("\\.")) {
			mac.append(String.format(":%02x", Integer.parseInt(octet)));
		}
		return mac.toString();
	}

}
