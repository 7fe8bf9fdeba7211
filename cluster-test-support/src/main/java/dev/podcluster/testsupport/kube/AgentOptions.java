package dev.podcluster.testsupport.kube;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The agent's command line.
 *
 * @param kubeconfig the kubeconfig to reach the API server with
 * @param nodes the Nodes to register, each with its zone
 * @param bridge the bridge that pods are plugged into
 * @param gateway the bridge's address: the pods' next hop to Services and every Node's
 * InternalIP
 * @param clusterDns the cluster DNS Service IP written into pods' resolv.conf
 * @param clusterDomain the cluster domain
 * @param stateDirectory where pods' files, logs and the {@code ready} file go
 * @param images the images file
 * @param serviceCidr the Service range routed through the bridge
 */
record AgentOptions(Path kubeconfig, List<VirtualNode> nodes, String bridge, String gateway, String clusterDns,
		String clusterDomain, Path stateDirectory, Path images, String serviceCidr) {

	static final String USAGE = "usage: NodeAgent --kubeconfig FILE --nodes node-a=zone-a,node-b=zone-b "
			+ "--bridge kbed0 --gateway 10.244.0.1 --cluster-dns 10.96.0.10 --cluster-domain cluster.local "
			+ "--state-dir DIR --images FILE [--service-cidr 10.96.0.0/12]";

	private static final Set<String> REQUIRED = Set.of("--kubeconfig", "--nodes", "--bridge", "--gateway",
			"--cluster-dns", "--cluster-domain", "--state-dir", "--images");

	/**
	 * Parse the command line.
	 * @param args the arguments
	 * @return the options
	 * @throws IllegalArgumentException with the usage when an option is missing or
	 * unknown
	 */
	static AgentOptions parse(String... args) {
		Map<String, String> values = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			String arg = args[i];
			String name = arg;
			String value;
			int equals = arg.indexOf('=');
			if (arg.startsWith("--") && equals > 0) {
				name = arg.substring(0, equals);
				value = arg.substring(equals + 1);
			}
			else if (i + 1 < args.length) {
				value = args[++i];
			}
			else {
				throw new IllegalArgumentException("Option " + arg + " has no value. " + USAGE);
			}
			if (!REQUIRED.contains(name) && !name.equals("--service-cidr")) {
				throw new IllegalArgumentException("Unknown option " + name + ". " + USAGE);
			}
			values.put(name, value);
		}
		for (String required : REQUIRED) {
			if (!values.containsKey(required)) {
				throw new IllegalArgumentException("Option " + required + " is missing. " + USAGE);
			}
		}
		List<VirtualNode> nodes = new ArrayList<>();
		for (String node : values.get("--nodes").split(",")) {
			String[] parts = node.strip().split("=", 2);
			if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
				throw new IllegalArgumentException(
						"--nodes takes name=zone pairs separated by commas, not '" + node + "'. " + USAGE);
			}
			nodes.add(new VirtualNode(parts[0], parts[1]));
		}
		return new AgentOptions(Path.of(values.get("--kubeconfig")), List.copyOf(nodes), values.get("--bridge"),
				values.get("--gateway"), values.get("--cluster-dns"), values.get("--cluster-domain"),
				Path.of(values.get("--state-dir")).toAbsolutePath(), Path.of(values.get("--images")).toAbsolutePath(),
				values.getOrDefault("--service-cidr", "10.96.0.0/12"));
	}

}
