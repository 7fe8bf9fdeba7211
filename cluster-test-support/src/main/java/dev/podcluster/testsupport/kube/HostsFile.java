package dev.podcluster.testsupport.kube;

import java.util.List;

import io.fabric8.kubernetes.api.model.HostAlias;

/**
 * The {@code /etc/hosts} that kubelet writes for a pod that is not on the host network,
 * byte for byte.
 */
final class HostsFile {

	private HostsFile() {
	}

	/**
	 * Render the file.
	 * @param podIps the pod's IPs
	 * @param hostname the pod's host name and domain
	 * @param hostAliases the spec's {@code hostAliases}
	 * @return the file's content
	 */
	static String render(List<String> podIps, PodHostname hostname, List<HostAlias> hostAliases) {
		StringBuilder hosts = new StringBuilder();
		hosts.append("# Kubernetes-managed hosts file.\n");
		hosts.append("127.0.0.1\tlocalhost\n");
		hosts.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
		hosts.append("fe00::0\tip6-localnet\n");
		hosts.append("fe00::0\tip6-mcastprefix\n");
		hosts.append("fe00::1\tip6-allnodes\n");
		hosts.append("fe00::2\tip6-allrouters\n");
		for (String ip : podIps) {
			if (hostname.domain() != null) {
				hosts.append(ip).append('\t').append(hostname.fqdn()).append('\t').append(hostname.hostname());
			}
			else {
				hosts.append(ip).append('\t').append(hostname.hostname());
			}
			hosts.append('\n');
		}
		if (!hostAliases.isEmpty()) {
			hosts.append("\n# Entries added by HostAliases.\n");
			for (HostAlias alias : hostAliases) {
				List<String> names = (alias.getHostnames() != null) ? alias.getHostnames() : List.of();
				hosts.append(alias.getIp()).append('\t').append(String.join("\t", names)).append('\n');
			}
		}
		return hosts.toString();
	}

}
